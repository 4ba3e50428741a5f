using Microsoft.Extensions.Logging;
using OpsBot.Alerts;
using OpsBot.Digest;
using OpsBot.Escalation;
using OpsBot.Notify;
using OpsBot.Observability;
using OpsBot.Outbox;
using OpsBot.Routing.Model;
using OpsBot.Scheduling;
using OpsBot.Silences;
using OpsBot.Storage;

namespace OpsBot.Routing;

/// <summary>
/// Routes an alert now: checks silences, decides owner and urgency, stores the decision, and starts what it implies
/// (a page with its escalation, a channel message, or a place in the next digest). Runs inside a pipeline transaction.
/// </summary>
public sealed class RouteStage(
    OpsBotDbContext db, PipelineTransaction transaction, Router router, SilenceBook silences, Notifications notifications, DurableTimers timers, EscalationPlanner escalation,
    Handlers.HandlerCatalog handlers, OpsBotMetrics metrics, TimeProvider clock, ILogger<RouteStage> logger)
{
    public async Task RouteAsync(AlertStateRow alert, string trigger, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var labels = Dedupe.AlertStateMapper.Labels(alert);
        var decision = router.Decide(labels, alert.Severity, now);
        var silence = await silences.FindAsync(labels, now, ct);
        var urgency = silence is null ? Lower(decision.Primary.Urgency) : RouteSnapshots.Silenced;
        var route = new RouteRow
        {
            AlertId = alert.Id,
            DecidedAt = now,
            Trigger = trigger,
            Team = decision.Primary.Team,
            Urgency = urgency,
            SilenceId = silence?.Silence.Id,
            DecisionJson = RouteSnapshots.Serialize(decision),
        };
        db.Routes.Add(route);
        alert.Team = decision.Primary.Team;
        alert.Urgency = urgency;
        alert.SilenceId = silence?.Silence.Id;

        if (silence is not null)
        {
            transaction.OnCommitted(() => metrics.RoutingDecisions.Inc(decision.Primary.Team, RouteSnapshots.Silenced));
            await HoldAsync(alert, silence, trigger, ct);
            return;
        }

        var fresh = trigger is "opened" or "reopened";
        // Diagnostics and fixes run in the enrich stage, after this commit, and only for alerts a handler knows.
        if (fresh && handlers.Find(handlers.ContextFor(alert), alert.AlertName) is not null)
            PipelineOutbox.Add(db, new Contracts.EnrichRequested(alert.Id), now);
        foreach (var target in decision.Targets)
        {
            transaction.OnCommitted(() => metrics.RoutingDecisions.Inc(target.Team, Lower(target.Urgency)));
            switch (target.Urgency)
            {
                case Urgency.Page:
                    (await PageAsync(alert, target, Explain(alert, target), ct)).AlertReceivedAt = fresh ? alert.LastSeen : null;
                    break;
                case Urgency.Notify:
                    notifications.AboutAlert(alert, target, NotificationKind.Notify, Explain(alert, target)).AlertReceivedAt = fresh ? alert.LastSeen : null;
                    break;
                case Urgency.Digest:
                    db.DigestItems.Add(new DigestItemRow { Team = target.Team, AlertId = alert.Id, AddedAt = now });
                    await timers.ScheduleAsync(DigestHandler.KeyFor(target.Team), DigestHandler.TimerKind, target.DigestAt!.Value,
                        new DigestHandler.Payload(target.Team), ct);
                    break;
            }
            logger.LogInformation("Alert {AlertId} {AlertName} routed to {Team} as {Urgency} ({Trigger}): {Reasons}",
                alert.Id, alert.AlertName, target.Team, Lower(target.Urgency), trigger, string.Join("; ", target.Reasons));
        }
    }

    /// <summary>Pages the person on call (the channel when nobody is) and starts the escalation timer.</summary>
    public async Task<NotificationRow> PageAsync(AlertStateRow alert, RouteTarget target, string text, CancellationToken ct)
    {
        var mentions = target.OnCall.Primary is { } primary ? new[] { primary } : [];
        var page = notifications.AboutAlert(alert, target, NotificationKind.Page, text, mentions, mentionChannel: mentions.Length == 0);
        await escalation.StartAsync(alert.Id, target, clock.GetUtcNow(), ct);
        return page;
    }

    /// <summary>The alert is held by a silence: when the window ends, if it still fires, it is routed as if it had just arrived.</summary>
    public async Task HoldAsync(AlertStateRow alert, ActiveSilence silence, string trigger, CancellationToken ct)
    {
        alert.SilenceId = silence.Silence.Id;
        await timers.ScheduleAsync(WindowEndHandler.KeyFor(silence), WindowEndHandler.TimerKind, silence.Until,
            new WindowEndHandler.Payload(silence.Silence.Id), ct);
        logger.LogInformation("Alert {AlertId} {AlertName} held by silence {SilenceId} until {Until:u} ({Trigger})",
            alert.Id, alert.AlertName, silence.Silence.Id, silence.Until, trigger);
    }

    /// <summary>The silence that holds this alert now, if any.</summary>
    public Task<ActiveSilence?> SilenceOfAsync(AlertStateRow alert, CancellationToken ct) =>
        silences.FindAsync(Dedupe.AlertStateMapper.Labels(alert), clock.GetUtcNow(), ct);

    public RouteDecision Decide(AlertStateRow alert, DateTimeOffset now) =>
        router.Decide(Dedupe.AlertStateMapper.Labels(alert), alert.Severity, now);

    public static string Explain(AlertStateRow alert, RouteTarget target) =>
        $"{alert.Summary}\nOwner: {target.Team} ({string.Join("; ", target.Reasons)})";

    public static string Lower(Urgency urgency) => urgency.ToString().ToLowerInvariant();
}
