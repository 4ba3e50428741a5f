namespace OpsBot.Ingest;

/// <summary>
/// Told by the first pipeline stage how many accepted events it has finished with, so ingest can bound how many
/// it keeps in flight on the bus. The production mode's broker queues on disk and needs no such bound.
/// </summary>
public interface IIngestBacklog
{
    void MarkProcessed(int count);

    /// <summary>
    /// True when ingest keeps accepted events until dedupe commits them and publishes them again (the SQLite inbox);
    /// false when the bus message is the only copy (the broker), so a failing dedupe must fail the message for redelivery.
    /// </summary>
    bool RepublishesFailed { get; }
}

public sealed class UnboundedIngestBacklog : IIngestBacklog
{
    public void MarkProcessed(int count) { }

    public bool RepublishesFailed => false;
}
