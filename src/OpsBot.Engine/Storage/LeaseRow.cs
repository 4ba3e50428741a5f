namespace OpsBot.Storage;

/// <summary>Work that one replica at a time must do (draining a platform's chat queue) is done by the lease's holder.</summary>
public sealed class LeaseRow
{
    public required string Name { get; set; }
    public required string Holder { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>A signed chat request already received: a second one with the same key is a replay, whichever replica gets it.</summary>
public sealed class SeenRequestRow
{
    public required string Key { get; set; }
    public DateTimeOffset SeenAt { get; set; }
}
