using Microsoft.Extensions.Logging;
using Quartz;

namespace OpsBot.Scheduling;

/// <summary>
/// The Quartz job behind every durable timer, run every second (Scheduling:PollInterval). Quartz keeps the cadence;
/// the timers table keeps what is due, so timers survive restarts and follow the injected clock.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DueTimersJob(TimerRunner timers, Heartbeats.HeartbeatMonitor heartbeats, ILogger<DueTimersJob> logger) : IJob
{
    public static readonly JobKey Key = new("due-timers", "opsbot");
    public static readonly TriggerKey TriggerKey = new("due-timers", "opsbot");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // Each part on its own: a failing heartbeat check must not stop escalations, nor the other way round.
        try { await heartbeats.CheckAsync(cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException) { logger.LogError(e, "Heartbeat check failed"); }
        try { await timers.RunDueAsync(cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException) { logger.LogError(e, "Firing due timers failed"); }
    }
}
