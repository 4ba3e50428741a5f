namespace OpsBot.Observability;

/// <summary>Every metric OpsBot exports, in one place so a reader sees the whole set.</summary>
public sealed class OpsBotMetrics
{
    public Counter AlertsReceived { get; } = new("opsbot_alerts_received_total",
        "Alerts received by source and outcome (accepted, duplicate_delivery, ignored).", "source", "outcome");

    public Counter IngestRejections { get; } = new("opsbot_ingest_rejections_total",
        "Webhook requests refused, by source and reason.", "source", "reason");

    public Counter AlertmanagerTruncatedAlerts { get; } = new("opsbot_alertmanager_truncated_alerts_total",
        "Alerts Alertmanager left out of webhooks because of max_alerts.");

    public Counter InboxReplayed { get; } = new("opsbot_inbox_replayed_total",
        "Accepted alerts published from the inbox on disk: backlog (the bus was full, or left over from before a restart) or stale (lost on the way, published again).",
        "reason");

    public Counter DedupeOutcomes { get; } = new("opsbot_dedupe_outcomes_total",
        "Deliveries by what the dedupe stage made of them.", "outcome");

    public Histogram StageDuration { get; } = new("opsbot_stage_duration_seconds",
        "Time spent in each pipeline stage (ingest: request to durable accept; dedupe: accept to committed state).",
        Histogram.LatencyBuckets, "stage");

    public IReadOnlyList<MetricFamily> All =>
        [AlertsReceived, IngestRejections, AlertmanagerTruncatedAlerts, InboxReplayed, DedupeOutcomes, StageDuration];
}
