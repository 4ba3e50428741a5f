using OpsBot.Routing;
using OpsBot.Scheduling;

namespace OpsBot.Escalation;

/// <summary>Starts and stops the escalation timers of paged alerts, inside the caller's transaction.</summary>
public sealed class EscalationPlanner(DurableTimers timers)
{
    public const string TimerKind = "escalate";

    /// <param name="Target">The routing snapshot: who to call stays what it was when the alert was paged.</param>
    public sealed record Payload(long AlertId, int Level, RouteTarget Target);

    public static string KeyFor(long alertId, string team) => $"{TimerKind}:{alertId}:{team}";

    public async Task StartAsync(long alertId, RouteTarget target, DateTimeOffset pagedAt, CancellationToken ct)
    {
        if (target.EscalationLevels < 1) return;
        await timers.ResetAsync(KeyFor(alertId, target.Team), TimerKind, pagedAt + target.AckTimeout, new Payload(alertId, 1, target), ct);
    }

    public async Task ContinueAsync(Payload fired, DateTimeOffset firedAt, CancellationToken ct)
    {
        if (fired.Level >= fired.Target.EscalationLevels) return;
        await timers.ResetAsync(KeyFor(fired.AlertId, fired.Target.Team), TimerKind, firedAt + fired.Target.AckTimeout,
            fired with { Level = fired.Level + 1 }, ct);
    }

    /// <summary>Acknowledged or resolved: no more escalation to any team.</summary>
    public Task StopAsync(long alertId, CancellationToken ct) => timers.CancelPrefixAsync($"{TimerKind}:{alertId}:", ct);
}
