namespace OpsBot.Silences;

/// <summary>The "Silences" section.</summary>
public sealed class SilenceOptions
{
    public const string Section = "Silences";

    /// <summary>The longest a one-off silence, or one occurrence of a recurring window, may last.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromDays(7);
    /// <summary>How long a recurring window repeats when no end is given.</summary>
    public TimeSpan DefaultRecurringSeries { get; set; } = TimeSpan.FromDays(365);
    /// <summary>The creator is reminded this long before a silence ends.</summary>
    public TimeSpan ReminderBefore { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>Refuse matchers on label names OpsBot has never seen on an alert or in its configuration (catches typos).</summary>
    public bool StrictLabels { get; set; }
    /// <summary>Label names accepted in strict mode even if never seen.</summary>
    public List<string> KnownLabels { get; set; } = [];
    /// <summary>The label a maintenance window by host matches; its value may carry a :port.</summary>
    public string HostLabel { get; set; } = "instance";
}

/// <summary>The "Alertmanager" section: where silences are mirrored so the source stops sending too.</summary>
public sealed class AlertmanagerOptions
{
    public const string Section = "Alertmanager";

    /// <summary>e.g. http://127.0.0.1:9093/. Empty: silences stay in OpsBot only.</summary>
    public string? Url { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
