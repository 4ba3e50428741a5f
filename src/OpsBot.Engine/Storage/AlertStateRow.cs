using OpsBot.Alerts;

namespace OpsBot.Storage;

public enum AlertLifecycle { Firing, Acknowledged, Resolved }

/// <summary>One row per problem: what dedupe knows of it now.</summary>
public sealed class AlertStateRow
{
    public long Id { get; set; }
    /// <summary>Optimistic concurrency: raised on every update, checked by the update.</summary>
    public long Version { get; set; }
    public required string Fingerprint { get; set; }
    public AlertSource Source { get; set; }
    public AlertLifecycle Status { get; set; }
    public Severity Severity { get; set; }
    public required string AlertName { get; set; }
    public required string Summary { get; set; }
    public required string LabelsJson { get; set; }
    public required string AnnotationsJson { get; set; }
    public required string LinksJson { get; set; }
    public DateTimeOffset FirstSeen { get; set; }
    public DateTimeOffset LastSeen { get; set; }
    /// <summary>When the current firing episode started (the sender's startsAt).</summary>
    public DateTimeOffset EpisodeStartedAt { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    /// <summary>Every delivery that reached dedupe, repeats included.</summary>
    public int DeliveryCount { get; set; }
    /// <summary>Firing episodes: opened once, plus once per reopen.</summary>
    public int OccurrenceCount { get; set; }
    public bool Flapping { get; set; }
    /// <summary>The primary team of the latest routing decision.</summary>
    public string? Team { get; set; }
    /// <summary>page, notify, digest or silenced, from the latest routing decision.</summary>
    public string? Urgency { get; set; }
    public long? SilenceId { get; set; }
    /// <summary>Recent firing/resolved transition times (JSON array), pruned to the flap window.</summary>
    public required string TransitionsJson { get; set; }
}

/// <summary>History: every delivery that reached dedupe and what it made of it. The weekly report reads this.</summary>
public sealed class AlertOccurrenceRow
{
    public long Id { get; set; }
    public Guid EventId { get; set; }
    /// <summary>Null for a delivery about an alert never seen firing (kept so the report can count them).</summary>
    public long? AlertId { get; set; }
    public AlertStateRow? Alert { get; set; }
    public required string Fingerprint { get; set; }
    public AlertSource Source { get; set; }
    public AlertSignal Signal { get; set; }
    public required string Outcome { get; set; }
    public Severity Severity { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }
    public string? Note { get; set; }
}

/// <summary>Maps fingerprints and correlation keys to the alert they belong to.</summary>
public sealed class AlertKeyRow
{
    public required string Key { get; set; }
    public long AlertId { get; set; }
    public AlertStateRow? Alert { get; set; }
    public AlertSource Source { get; set; }
}

/// <summary>An accepted event not yet committed by the dedupe stage (embedded mode's durable accept).</summary>
public sealed class InboxRow
{
    public long Seq { get; set; }
    public required string EventId { get; set; }
    public long AcceptedAtMs { get; set; }
    public required string Payload { get; set; }
}

/// <summary>Delivery ids already accepted (PagerDuty's X-Webhook-Id), so a sender's retry is not taken twice.</summary>
public sealed class WebhookDeliveryRow
{
    public required string Key { get; set; }
    public long ReceivedAtMs { get; set; }
}
