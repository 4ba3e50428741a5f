namespace OpsBot.Storage;

public sealed class HeartbeatRow
{
    public required string Name { get; set; }
    /// <summary>When OpsBot started watching; stands in for the last beat until the first one arrives.</summary>
    public DateTimeOffset WatchedSince { get; set; }
    public DateTimeOffset? LastSeen { get; set; }
    public DateTimeOffset? MissingSince { get; set; }
}
