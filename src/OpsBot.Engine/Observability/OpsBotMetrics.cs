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
        "Time to each pipeline stage: ingest (request to durable accept), dedupe (accept to committed state), route (accept to routed), notify (accept to a page or channel message handed to the sinks).",
        Histogram.LatencyBuckets, "stage");

    public Counter OutboxReplayed { get; } = new("opsbot_outbox_replayed_total",
        "Pipeline messages and notifications published again because no stage had taken them (after a restart, or lost on the way).", "kind");

    public Counter RoutingDecisions { get; } = new("opsbot_routing_decisions_total",
        "Routing decisions by team and urgency (page, notify, digest, silenced).", "team", "urgency");

    public Counter Notifications { get; } = new("opsbot_notifications_total",
        "Notifications written for delivery, by team and kind.", "team", "kind");

    public Counter RouteBatchesSplit { get; } = new("opsbot_route_batches_split_total",
        "Batches of changes the route stage could not handle together and split into one message per change.");

    public Counter SchedulerPasses { get; } = new("opsbot_scheduler_passes_total",
        "Passes of the job that fires due timers (escalations, digests, ends of silences); it runs every Scheduling:PollInterval.");

    public Counter Escalations { get; } = new("opsbot_escalations_total",
        "Unacknowledged pages escalated, by team and level.", "team", "level");

    public Counter SilenceSyncFailures { get; } = new("opsbot_alertmanager_silence_sync_failures_total",
        "Silences that could not be created or expired in Alertmanager.", "operation");

    public Counter HeartbeatsMissed { get; } = new("opsbot_heartbeats_missed_total",
        "Heartbeats that stopped arriving within their interval.", "heartbeat");

    public Counter ApiDenied { get; } = new("opsbot_api_denied_total",
        "API writes refused for a missing or wrong token.", "reason");

    public Counter ChatDeliveries { get; } = new("opsbot_chat_deliveries_total",
        "Chat deliveries by platform and outcome: delivered, failed (permanently), retried, rate_limited, no_channel (the channel has no id on that platform).",
        "platform", "outcome");

    public Counter ChatRequests { get; } = new("opsbot_chat_requests_total",
        "Requests from chat platforms (commands, buttons, pings) by platform and outcome: ok, denied, invalid, failed, bad_signature, replayed, malformed, not_configured.",
        "platform", "outcome");

    public Counter FixRuns { get; } = new("opsbot_fix_runs_total",
        "Fix runs by handler and the state each step left them in: dryrun, refused, awaitingapproval, approved, succeeded, failed, verified, unresolved.",
        "handler", "state");

    public IReadOnlyList<MetricFamily> All =>
        [AlertsReceived, IngestRejections, AlertmanagerTruncatedAlerts, InboxReplayed, DedupeOutcomes, StageDuration, OutboxReplayed,
         RoutingDecisions, Notifications, RouteBatchesSplit, SchedulerPasses, Escalations, SilenceSyncFailures, HeartbeatsMissed, ApiDenied,
         ChatDeliveries, ChatRequests, FixRuns];
}
