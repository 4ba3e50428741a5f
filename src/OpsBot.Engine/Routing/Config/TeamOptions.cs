namespace OpsBot.Routing.Config;

/// <summary>One entry of the "Teams" section, keyed by the team's name.</summary>
public sealed class TeamOptions
{
    public const string Section = "Teams";

    /// <summary>IANA name, e.g. Europe/Berlin. Business hours, holidays, hand-overs and digests are in this zone.</summary>
    public string TimeZone { get; set; } = "";
    /// <summary>e.g. "Mon-Fri 09:00-17:30"; a range ending before it starts runs past midnight.</summary>
    public List<string> BusinessHours { get; set; } = [];
    /// <summary>Local dates (yyyy-MM-dd) that are closed all day.</summary>
    public List<string> Holidays { get; set; } = [];
    /// <summary>Named channels; the first is the team's default.</summary>
    public List<ChannelOptions> Channels { get; set; } = [];
    public List<MemberOptions> Members { get; set; } = [];
    public OnCallOptions OnCall { get; set; } = new();
    /// <summary>Member id of the escalation contact; the next person in the rotation when empty.</summary>
    public string? Secondary { get; set; }
    /// <summary>Overrides of the default urgency policy, by severity.</summary>
    public List<UrgencyRuleOptions> Urgency { get; set; } = [];
    public EscalationOptions Escalation { get; set; } = new();
    /// <summary>Acknowledging an Alertmanager alert in chat also silences it in Alertmanager until it resolves (at most this long); off when unset.</summary>
    public TimeSpan? AckSilencesFor { get; set; }
    /// <summary>Fix policy per handler for this team's alerts (off, dry-run, approve, auto); the handler's own default (dry-run) otherwise.</summary>
    public Dictionary<string, string> Fixes { get; set; } = new();
    /// <summary>When the weekly report goes out, in the team's zone: a day and a time, e.g. "Mon 09:00" (the default).</summary>
    public string? ReportSchedule { get; set; }
}

public sealed class ChannelOptions
{
    public string Name { get; set; } = "";
    /// <summary>Slack channel id (C…).</summary>
    public string? Slack { get; set; }
    /// <summary>Discord channel id (a snowflake).</summary>
    public string? Discord { get; set; }
}

public sealed class MemberOptions
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    public string? Slack { get; set; }
    public string? Discord { get; set; }
    /// <summary>viewer (look only), responder (act on this team's alerts; the default) or admin (act on every team's).</summary>
    public string Role { get; set; } = "responder";
}

public sealed class OnCallOptions
{
    /// <summary>Member ids in rotation order; empty means nobody is on call and pages mention the channel.</summary>
    public List<string> Rotation { get; set; } = [];
    /// <summary>Day or Week.</summary>
    public string HandoverEvery { get; set; } = "Week";
    public string HandoverDay { get; set; } = "Monday";
    public string HandoverTime { get; set; } = "09:00";
    /// <summary>The local date the first person's first shift starts (yyyy-MM-dd).</summary>
    public string Start { get; set; } = "2026-01-05";
    public List<OverrideOptions> Overrides { get; set; } = [];
}

public sealed class OverrideOptions
{
    /// <summary>Local date and time in the team's zone, e.g. 2026-12-24T18:00.</summary>
    public string Start { get; set; } = "";
    public string End { get; set; } = "";
    public string Member { get; set; } = "";
}

public sealed class UrgencyRuleOptions
{
    public string Severity { get; set; } = "";
    /// <summary>page, notify or digest.</summary>
    public string InHours { get; set; } = "";
    public string OutOfHours { get; set; } = "";
    /// <summary>A named channel of the team for this severity, unless the ownership rule names one; the team's first channel when neither does.</summary>
    public string? Channel { get; set; }
}

public sealed class EscalationOptions
{
    /// <summary>How long a page may stay unacknowledged before the next level.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>Escalation steps after the first page: 1 re-pages with the secondary, 2 and later call the whole team.</summary>
    public int Levels { get; set; } = 3;
}
