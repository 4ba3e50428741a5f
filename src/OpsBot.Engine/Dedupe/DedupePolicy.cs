using OpsBot.Alerts;
using OpsBot.Storage;

namespace OpsBot.Dedupe;

public enum DedupeOutcome
{
    /// <summary>First delivery of a new problem.</summary>
    Opened,
    /// <summary>Fired again after it had resolved.</summary>
    Reopened,
    /// <summary>Still firing, nothing new (repeat interval, an HA peer's copy, a sender's retry).</summary>
    Repeated,
    /// <summary>Still firing, but severity, summary or annotations changed.</summary>
    Updated,
    Acknowledged,
    /// <summary>The source (PagerDuty) reports an acknowledged alert triggered again: the acknowledgement timed out or was undone.</summary>
    Unacknowledged,
    Resolved,
    /// <summary>Information on an open alert (a PagerDuty note) with no change of status.</summary>
    Annotated,
    /// <summary>Says nothing new: a resolve of what is already resolved, or a delivery about an older episode.</summary>
    Stale,
}

/// <summary>What dedupe needs to know of the current state to judge a delivery.</summary>
public sealed record AlertStateView(
    AlertLifecycle Status, AlertSource Source, DateTimeOffset EpisodeStartedAt, DateTimeOffset? ResolvedAt,
    Severity Severity, string Summary, IReadOnlyDictionary<string, string> Annotations);

public sealed record DedupeDecision(DedupeOutcome Outcome, string Reason)
{
    public AlertLifecycle? NewStatus => Outcome switch
    {
        DedupeOutcome.Opened or DedupeOutcome.Reopened or DedupeOutcome.Unacknowledged => AlertLifecycle.Firing,
        DedupeOutcome.Acknowledged => AlertLifecycle.Acknowledged,
        DedupeOutcome.Resolved => AlertLifecycle.Resolved,
        _ => null,
    };

    /// <summary>A firing/resolved transition, as flap detection counts them.</summary>
    public bool IsTransition => Outcome is DedupeOutcome.Opened or DedupeOutcome.Reopened or DedupeOutcome.Resolved;
}

/// <summary>Decides what one delivery means given the alert's current state. Pure: no clock, no storage.</summary>
public static class DedupePolicy
{
    public static DedupeDecision Decide(AlertStateView? state, Alert incoming)
    {
        if (state is null)
            return incoming.Status == AlertSignal.Firing
                ? new(DedupeOutcome.Opened, "first delivery of this alert")
                : new(DedupeOutcome.Stale, $"{Describe(incoming.Status)} for an alert never seen firing");

        if (IsOlderEpisode(state, incoming))
            return new(DedupeOutcome.Stale, "delivery about an earlier firing episode");

        return (state.Status, incoming.Status) switch
        {
            (AlertLifecycle.Resolved, AlertSignal.Firing) when IsLateCopyOfResolvedEpisode(state, incoming) =>
                new(DedupeOutcome.Stale, "late firing copy of the episode that already resolved"),
            (AlertLifecycle.Resolved, AlertSignal.Firing) => new(DedupeOutcome.Reopened, "fired again after resolving"),
            (AlertLifecycle.Resolved, _) => new(DedupeOutcome.Stale, $"{Describe(incoming.Status)} for an alert already resolved"),
            (_, AlertSignal.Resolved) => new(DedupeOutcome.Resolved, "the source reports it resolved"),
            (AlertLifecycle.Firing, AlertSignal.Acknowledged) => new(DedupeOutcome.Acknowledged, "acknowledged at the source"),
            (AlertLifecycle.Acknowledged, AlertSignal.Acknowledged) => new(DedupeOutcome.Repeated, "already acknowledged"),
            // PagerDuty restates an incident's status on every event; Alertmanager and Events senders only repeat "firing".
            (AlertLifecycle.Acknowledged, AlertSignal.Firing) when incoming.Source == AlertSource.PagerDuty =>
                new(DedupeOutcome.Unacknowledged, "PagerDuty reports the incident triggered again"),
            (_, AlertSignal.Annotated) => new(DedupeOutcome.Annotated, "note added at the source"),
            (_, AlertSignal.Firing) when ContentChanged(state, incoming) => new(DedupeOutcome.Updated, "severity, summary or annotations changed"),
            _ => new(DedupeOutcome.Repeated, "still firing, nothing new"),
        };
    }

    // Only Alertmanager's startsAt identifies an episode; other sources stamp deliveries with their own times.
    private static bool IsOlderEpisode(AlertStateView state, Alert incoming) =>
        incoming.Source == AlertSource.Alertmanager && state.Source == AlertSource.Alertmanager &&
        incoming.StartsAt < state.EpisodeStartedAt;

    private static bool IsLateCopyOfResolvedEpisode(AlertStateView state, Alert incoming) =>
        incoming.Source == AlertSource.Alertmanager && state.Source == AlertSource.Alertmanager &&
        incoming.StartsAt == state.EpisodeStartedAt;

    private static bool ContentChanged(AlertStateView state, Alert incoming) =>
        incoming.Source == state.Source &&
        (incoming.Severity != state.Severity || incoming.Summary != state.Summary || !SameMap(incoming.Annotations, state.Annotations));

    private static bool SameMap(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);

    private static string Describe(AlertSignal signal) => signal switch
    {
        AlertSignal.Acknowledged => "acknowledgement",
        AlertSignal.Resolved => "resolution",
        AlertSignal.Annotated => "note",
        _ => "firing",
    };
}
