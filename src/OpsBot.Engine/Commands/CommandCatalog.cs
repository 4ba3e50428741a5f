namespace OpsBot.Commands;

/// <summary>What a person may do. Each role includes the ones below it.</summary>
public enum Role { None, Viewer, Responder, Admin }

/// <summary>One /ops verb: how it is written, what it does, and the role it needs.</summary>
public sealed record CommandVerb(string Name, string Arguments, string Description, Role Needs, bool TeamScoped);

/// <summary>The /ops verbs, the same on every platform. Discord registers one sub-command per verb from this list.</summary>
public static class CommandCatalog
{
    public static IReadOnlyList<CommandVerb> Verbs { get; } =
    [
        new("help", "", "What /ops can do", Role.None, false),
        new("alerts", "[team]", "Open alerts, newest first", Role.Viewer, false),
        new("ack", "<alert id>", "Acknowledge an alert: stops its escalation", Role.Responder, true),
        new("resolve", "<alert id>", "Mark an alert resolved", Role.Responder, true),
        new("silence", "<matchers> <duration> <reason>", "Silence alerts, e.g. alertname=DiskFull,instance=db-1 2h disk swap", Role.Responder, true),
        new("maintenance", "<host> <duration> <reason>", "Silence everything about a host for a while", Role.Responder, true),
        new("silences", "", "Active silences and maintenance windows", Role.Viewer, false),
        new("unsilence", "<silence id>", "End a silence now", Role.Responder, true),
        new("oncall", "[team]", "Who is on call now, and until when", Role.Viewer, false),
        new("why", "<alert id>", "Why an alert went where it went, and what dedupe did with it", Role.Viewer, false),
        new("route-test", "<label=value ...>", "Where an alert with these labels would go now", Role.Viewer, false),
        new("runbook", "<alert id or name>", "The runbook steps for an alert", Role.Viewer, false),
        new("host", "<name>", "Diagnostics summary for a host", Role.Viewer, false),
        new("fix", "<alert id>", "Run or approve the fix proposed for an alert", Role.Responder, true),
        new("report", "[team] [week]", "The weekly noisy-alert report (week: 2026-W47, this or last)", Role.Viewer, false),
    ];

    public static CommandVerb? Find(string name) =>
        Verbs.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));
}
