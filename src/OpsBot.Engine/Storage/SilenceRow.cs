namespace OpsBot.Storage;

public sealed class SilenceRow
{
    public long Id { get; set; }
    /// <summary>silence or maintenance.</summary>
    public required string Kind { get; set; }
    /// <summary>JSON array of matcher strings (name="value", name=~"regex", ...).</summary>
    public required string MatchersJson { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    /// <summary>For a recurring window, the end of the series.</summary>
    public DateTimeOffset EndsAt { get; set; }
    /// <summary>For a recurring window, e.g. "Sun 02:00-04:00", in <see cref="TimeZone"/>.</summary>
    public string? Recurrence { get; set; }
    public string? TimeZone { get; set; }
    public required string CreatedBy { get; set; }
    public required string Comment { get; set; }
    /// <summary>The team reminded before the end; the default team when null.</summary>
    public string? Team { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiredAt { get; set; }
    public string? AlertmanagerId { get; set; }
    public string? AlertmanagerError { get; set; }
    /// <summary>Set when acknowledging this alert in chat created the silence; resolving the alert in chat ends it.</summary>
    public long? AcknowledgedAlertId { get; set; }
}
