using OpsBot.Alerts;
using OpsBot.Contracts;
using OpsBot.Storage;

namespace OpsBot.Dedupe;

/// <summary>Applies one delivery to the state it belongs to: the decision, the new state, the history row and the events to publish.</summary>
public sealed class DedupeApplier(AlertBook book, DedupeOptions options)
{
    public AppliedDelivery Apply(AlertReceived message)
    {
        var alert = message.Alert;
        var row = book.Find(alert);
        var decision = DedupePolicy.Decide(row is null ? null : AlertStateMapper.View(row), alert);
        if (row is null && decision.Outcome == DedupeOutcome.Opened) row = book.Open(alert);
        else if (row is not null) book.Link(row, alert);

        FlapVerdict? flap = null;
        if (row is not null)
        {
            UpdateState(row, alert, decision);
            if (decision.IsTransition) flap = RecordTransition(row, alert.ReceivedAt);
        }
        var occurrence = new AlertOccurrenceRow
        {
            EventId = message.EventId,
            Alert = row,
            Fingerprint = alert.Fingerprint,
            Source = alert.Source,
            Signal = alert.Status,
            Outcome = decision.Outcome.ToString(),
            Severity = alert.Severity,
            ReceivedAt = alert.ReceivedAt,
            StartsAt = alert.StartsAt,
            EndsAt = alert.EndsAt,
            Note = alert.Annotations.GetValueOrDefault("note"),
        };
        book.Track(occurrence);
        return new AppliedDelivery(message, decision, row, flap, options.FlapWindow);
    }

    private static void UpdateState(AlertStateRow row, Alert alert, DedupeDecision decision)
    {
        row.DeliveryCount++;
        if (alert.ReceivedAt > row.LastSeen) row.LastSeen = alert.ReceivedAt;
        if (decision.Outcome == DedupeOutcome.Stale) return;
        // Most deliveries are repeats from the alert's own source: their content is what is stored already.
        if (decision.Outcome == DedupeOutcome.Repeated && alert.Source == row.Source) return;

        AlertStateMapper.MergeContent(row, alert);
        switch (decision.Outcome)
        {
            case DedupeOutcome.Opened:
                row.Status = AlertLifecycle.Firing;
                row.OccurrenceCount = 1;
                break;
            case DedupeOutcome.Reopened:
                row.Status = AlertLifecycle.Firing;
                row.OccurrenceCount++;
                row.EpisodeStartedAt = alert.StartsAt;
                row.AcknowledgedAt = null;
                row.ResolvedAt = null;
                break;
            case DedupeOutcome.Unacknowledged:
                row.Status = AlertLifecycle.Firing;
                row.AcknowledgedAt = null;
                break;
            case DedupeOutcome.Acknowledged:
                row.Status = AlertLifecycle.Acknowledged;
                row.AcknowledgedAt = alert.ReceivedAt;
                break;
            case DedupeOutcome.Resolved:
                row.Status = AlertLifecycle.Resolved;
                row.ResolvedAt = alert.EndsAt ?? alert.ReceivedAt;
                break;
        }
    }

    private FlapVerdict RecordTransition(AlertStateRow row, DateTimeOffset at)
    {
        var transitions = AlertStateMapper.Transitions(row);
        transitions.Add(at);
        var verdict = FlapDetector.Evaluate(transitions, at, row.Flapping, options.FlapThreshold, options.FlapWindow);
        row.Flapping = verdict.IsFlapping;
        row.TransitionsJson = System.Text.Json.JsonSerializer.Serialize(verdict.RecentTransitions);
        return verdict;
    }
}

public sealed record AppliedDelivery(AlertReceived Message, DedupeDecision Decision, AlertStateRow? Row, FlapVerdict? Flap, TimeSpan FlapWindow)
{
    /// <summary>What a person following the log needs to see; null for repeats, which would drown it.</summary>
    public string? LogLine => Decision.Outcome switch
    {
        DedupeOutcome.Repeated or DedupeOutcome.Stale => Flap?.StoppedFlapping == true ? "stopped flapping" : null,
        _ => Decision.Outcome.ToString().ToLowerInvariant() + (Flap?.StartedFlapping == true ? ", now flapping" : ""),
    };

    /// <summary>Built after the commit, when a new alert's id is known.</summary>
    public IEnumerable<object> Events()
    {
        if (Row is null) yield break;
        var alert = AlertStateMapper.Current(Row, Message.Alert);
        var id = Message.EventId;
        switch (Decision.Outcome)
        {
            case DedupeOutcome.Opened: yield return new AlertOpened(id, Row.Id, alert, Reopened: false); break;
            case DedupeOutcome.Reopened: yield return new AlertOpened(id, Row.Id, alert, Reopened: true); break;
            case DedupeOutcome.Updated: yield return new AlertUpdated(id, Row.Id, alert); break;
            case DedupeOutcome.Acknowledged: yield return new AlertAcknowledged(id, Row.Id, alert); break;
            case DedupeOutcome.Unacknowledged: yield return new AlertUnacknowledged(id, Row.Id, alert); break;
            case DedupeOutcome.Resolved:
                yield return new AlertResolved(id, Row.Id, alert, (Row.ResolvedAt ?? alert.ReceivedAt) - Row.EpisodeStartedAt);
                break;
        }
        if (Flap?.StartedFlapping == true)
            yield return new AlertFlapping(id, Row.Id, alert, Flap.RecentTransitions.Count, FlapWindow);
    }
}
