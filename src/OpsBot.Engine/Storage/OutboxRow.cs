namespace OpsBot.Storage;

/// <summary>
/// A pipeline message written in the transaction that produced it and deleted in the transaction of the stage that
/// consumed it, so a crash between commit and publish, or inside the next stage, loses nothing.
/// </summary>
public sealed class OutboxRow
{
    /// <summary>Also the bus MessageId, which is how the consumer finds the row to delete.</summary>
    public Guid Id { get; set; }
    public required string Type { get; set; }
    public required string Payload { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
