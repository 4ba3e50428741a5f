namespace OpsBot.Notify;

public static class NotificationKind
{
    public const string Page = "page";
    public const string Notify = "notify";
    public const string Escalation = "escalation";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
    public const string Flapping = "flapping";
    public const string Digest = "digest";
    public const string Reminder = "reminder";
    /// <summary>What happened when OpsBot told the alert's source (PagerDuty) about an action taken in chat.</summary>
    public const string SourceSync = "source-sync";
    /// <summary>Read-only diagnostics run when the alert arrived.</summary>
    public const string Diagnostics = "diagnostics";
    /// <summary>A fix proposed, refused, awaiting approval, run, verified or not.</summary>
    public const string Fix = "fix";
    /// <summary>The weekly noisy-alert report's summary.</summary>
    public const string Report = "report";
}
