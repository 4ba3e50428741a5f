using System.Text.Json;
using Microsoft.Extensions.Logging;
using OpsBot.Dedupe;
using OpsBot.Notify;
using OpsBot.Observability;
using OpsBot.Scheduling;
using OpsBot.Silences;
using OpsBot.Storage;

namespace OpsBot.Escalation;

/// <summary>A page went unacknowledged for the team's timeout: call the next level, unless it was acknowledged, resolved or silenced meanwhile.</summary>
public sealed class EscalationHandler(
    OpsBotDbContext db, SilenceBook silences, EscalationPlanner planner, Notifications notifications, OpsBotMetrics metrics, TimeProvider clock,
    ILogger<EscalationHandler> logger) : ITimerHandler
{
    public string Kind => EscalationPlanner.TimerKind;

    public async Task HandleAsync(TimerRow timer, CancellationToken ct)
    {
        var payload = JsonSerializer.Deserialize<EscalationPlanner.Payload>(timer.Payload)!;
        var alert = await db.Alerts.FindAsync([payload.AlertId], ct);
        if (alert is null || alert.Status != AlertLifecycle.Firing) return;
        var now = clock.GetUtcNow();
        if (await SilencedAsync(alert, now, ct)) return;

        var step = EscalationLadder.For(payload.Level, payload.Target.OnCall);
        notifications.AboutAlert(alert, payload.Target, NotificationKind.Escalation,
            $"Not acknowledged after {payload.Target.AckTimeout:g}: escalation level {payload.Level} of {payload.Target.EscalationLevels}, {step.Description}.",
            step.Mentions, step.MentionChannel, payload.Level);
        metrics.Escalations.Inc(payload.Target.Team, payload.Level.ToString(System.Globalization.CultureInfo.InvariantCulture));
        logger.LogWarning("Alert {AlertId} {AlertName} escalated to level {Level} for {Team}: {Step}",
            alert.Id, alert.AlertName, payload.Level, payload.Target.Team, step.Description);
        await planner.ContinueAsync(payload, now, ct);
    }

    private async Task<bool> SilencedAsync(AlertStateRow alert, DateTimeOffset now, CancellationToken ct)
    {
        var silence = await silences.FindAsync(AlertStateMapper.Labels(alert), now, ct);
        if (silence is null) return false;
        logger.LogInformation("Alert {AlertId} escalation stopped: silenced by {SilenceId}", alert.Id, silence.Silence.Id);
        return true;
    }
}
