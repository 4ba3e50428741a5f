using System.Text.Json;
using Microsoft.Extensions.Logging;
using OpsBot.Notify;
using OpsBot.Observability;
using OpsBot.Scheduling;
using OpsBot.Routing;
using OpsBot.Storage;

namespace OpsBot.Escalation;

/// <summary>A page went unacknowledged for the team's timeout: call the next level, unless it was acknowledged, resolved or silenced meanwhile.</summary>
public sealed class EscalationHandler(
    OpsBotDbContext db, RouteStage routing, EscalationPlanner planner, Notifications notifications, Outbox.PipelineTransaction transaction,
    OpsBotMetrics metrics, TimeProvider clock, ILogger<EscalationHandler> logger) : ITimerHandler
{
    public string Kind => EscalationPlanner.TimerKind;

    public async Task HandleAsync(TimerRow timer, CancellationToken ct)
    {
        var payload = JsonSerializer.Deserialize<EscalationPlanner.Payload>(timer.Payload)!;
        var alert = await db.Alerts.FindAsync([payload.AlertId], ct);
        if (alert is null || alert.Status != AlertLifecycle.Firing) return;
        var now = clock.GetUtcNow();
        if (await SilencedAsync(alert, ct)) return;

        var step = EscalationLadder.For(payload.Level, payload.Target.OnCall);
        notifications.AboutAlert(alert, payload.Target, NotificationKind.Escalation,
            $"Not acknowledged after {payload.Target.AckTimeout:g}: escalation level {payload.Level} of {payload.Target.EscalationLevels}, {step.Description}.",
            step.Mentions, step.MentionChannel, payload.Level);
        transaction.OnCommitted(() => metrics.Escalations.Inc(payload.Target.Team, payload.Level.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        logger.LogWarning("Alert {AlertId} {AlertName} escalated to level {Level} for {Team}: {Step}",
            alert.Id, alert.AlertName, payload.Level, payload.Target.Team, step.Description);
        await planner.ContinueAsync(payload, now, ct);
    }

    /// <summary>Silenced since it was paged: escalation stops here and the alert waits for the window's end, then is routed again.</summary>
    private async Task<bool> SilencedAsync(AlertStateRow alert, CancellationToken ct)
    {
        if (await routing.SilenceOfAsync(alert, ct) is not { } silence) return false;
        await routing.HoldAsync(alert, silence, "escalation-silenced", ct);
        return true;
    }
}
