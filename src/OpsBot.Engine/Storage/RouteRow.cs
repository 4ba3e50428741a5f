namespace OpsBot.Storage;

/// <summary>A routing decision taken for an alert, kept with its reasons (the latest is the alert's current route).</summary>
public sealed class RouteRow
{
    public long Id { get; set; }
    public long AlertId { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
    /// <summary>opened, reopened, severity-raised, window-ended.</summary>
    public required string Trigger { get; set; }
    public required string Team { get; set; }
    /// <summary>page, notify, digest, or silenced.</summary>
    public required string Urgency { get; set; }
    public long? SilenceId { get; set; }
    public required string DecisionJson { get; set; }
}

/// <summary>An alert held for a team's next digest.</summary>
public sealed class DigestItemRow
{
    public long Id { get; set; }
    public required string Team { get; set; }
    public long AlertId { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
}
