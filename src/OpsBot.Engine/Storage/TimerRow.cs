namespace OpsBot.Storage;

/// <summary>A durable timer: escalations, digests, ends of silences and reminders. Survives restarts; fired by a Quartz job.</summary>
public sealed class TimerRow
{
    /// <summary>Unique per purpose, e.g. escalate:42:ops, so scheduling twice keeps one timer.</summary>
    public required string Key { get; set; }
    public required string Kind { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public required string Payload { get; set; }
}
