using Microsoft.EntityFrameworkCore;
using OpsBot.Escalation;
using OpsBot.Notify;
using OpsBot.Routing.Model;
using OpsBot.Storage;

namespace OpsBot.Routing;

/// <summary>What happens to a routed alert after the first decision: acknowledgements, resolutions, flapping, a rise in severity.</summary>
public sealed class AlertFollowUp(OpsBotDbContext db, RouteStage routing, EscalationPlanner escalation, AlertThread thread, TimeProvider clock)
{
    public async Task AcknowledgedAsync(AlertStateRow alert, CancellationToken ct)
    {
        await escalation.StopAsync(alert.Id, ct);
        // Who acknowledged, when the delivery said (chat actions and PagerDuty notes do).
        var note = await db.Occurrences.AsNoTracking()
            .Where(o => o.AlertId == alert.Id && o.Signal == Alerts.AlertSignal.Acknowledged && o.Note != null)
            .OrderByDescending(o => o.Id).Select(o => o.Note).FirstOrDefaultAsync(ct);
        await TellHeardAsync(alert, NotificationKind.Acknowledged, note is null ? "Acknowledged; escalation stopped." : $"Acknowledged ({note}); escalation stopped.", ct);
    }

    /// <summary>Acknowledgement undone or timed out at the source: page again and restart escalation.</summary>
    public async Task UnacknowledgedAsync(AlertStateRow alert, CancellationToken ct)
    {
        if (await routing.SilenceOfAsync(alert, ct) is { } silence)
        {
            await routing.HoldAsync(alert, silence, "unacknowledged", ct);
            return;
        }
        foreach (var target in await thread.HeardAsync(alert, ct))
        {
            if (target.Urgency == Urgency.Page) await routing.PageAsync(alert, target, "No longer acknowledged: paging again.", ct);
        }
    }

    /// <summary>Resolutions always get through to every channel that was told about the alert, silences or not.</summary>
    public async Task ResolvedAsync(AlertStateRow alert, TimeSpan duration, CancellationToken ct)
    {
        await escalation.StopAsync(alert.Id, ct);
        await TellHeardAsync(alert, NotificationKind.Resolved, $"Resolved after {TimeText.Duration(duration)}.", ct);
    }

    public Task FlappingAsync(AlertStateRow alert, int transitions, TimeSpan window, CancellationToken ct) =>
        TellHeardAsync(alert, NotificationKind.Flapping, $"Flapping: {transitions} state changes within {TimeText.Duration(window)}.", ct);

    /// <summary>An open alert became more severe: if that calls for more than it got, route it again.</summary>
    public async Task SeverityMayHaveRisenAsync(AlertStateRow alert, CancellationToken ct)
    {
        var latest = await RouteSnapshots.LatestAsync(db, alert.Id, ct);
        if (latest is null || latest.Urgency == RouteSnapshots.Silenced || alert.Status != AlertLifecycle.Firing) return;
        var now = routing.Decide(alert, clock.GetUtcNow());
        if (!Enum.TryParse<Urgency>(latest.Urgency, ignoreCase: true, out var before) || now.Primary.Urgency <= before) return;
        await routing.RouteAsync(alert, "severity-raised", ct);
    }

    /// <summary>Resolutions, acknowledgements and flapping always get through to every channel that was told about the alert.</summary>
    private Task TellHeardAsync(AlertStateRow alert, string kind, string text, CancellationToken ct) => thread.TellAsync(alert, kind, text, ct);
}
