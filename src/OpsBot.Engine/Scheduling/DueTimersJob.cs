using Quartz;

namespace OpsBot.Scheduling;

/// <summary>
/// The Quartz job behind every durable timer, run every second (Scheduling:PollInterval). Quartz keeps the cadence;
/// the timers table keeps what is due, so timers survive restarts and follow the injected clock.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DueTimersJob(TimerRunner timers, Heartbeats.HeartbeatMonitor heartbeats) : IJob
{
    public static readonly JobKey Key = new("due-timers", "opsbot");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await heartbeats.CheckAsync(cancellationToken);
        await timers.RunDueAsync(cancellationToken);
    }
}
