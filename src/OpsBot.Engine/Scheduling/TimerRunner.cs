using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpsBot.Outbox;
using OpsBot.Storage;

namespace OpsBot.Scheduling;

/// <summary>Fires every timer that is due by the injected clock, each in its own transaction; a failing one is retried a minute later.</summary>
public sealed class TimerRunner(IServiceScopeFactory scopes, Observability.OpsBotMetrics metrics, TimeProvider clock, ILogger<TimerRunner> logger)
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        List<TimerRow> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OpsBotDbContext>();
            due = await db.Timers.AsNoTracking().Where(t => t.DueAt <= now).OrderBy(t => t.DueAt).Take(200).ToListAsync(ct);
        }
        foreach (var timer in due) await FireAsync(timer, ct);
        metrics.SchedulerPasses.Inc();
        return due.Count;
    }

    private async Task FireAsync(TimerRow timer, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var handler = services.GetServices<ITimerHandler>().FirstOrDefault(h => h.Kind == timer.Kind);
        var db = services.GetRequiredService<OpsBotDbContext>();
        try
        {
            await services.GetRequiredService<PipelineTransaction>().RunAsync(null, async token =>
            {
                // Removed only if still the same timer: it may have been cancelled or moved since it was read.
                var removed = await db.Timers.Where(t => t.Key == timer.Key && t.DueAt == timer.DueAt).ExecuteDeleteAsync(token);
                if (removed == 0) return;
                if (handler is null) logger.LogError("Timer {Key} has unknown kind {Kind}; dropped", timer.Key, timer.Kind);
                else await handler.HandleAsync(timer, token);
            }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Timer {Key} failed; retrying in {Retry}", timer.Key, RetryAfter);
            db.ChangeTracker.Clear();
            try
            {
                using (await services.GetRequiredService<StoreWriteLock>().AcquireAsync(ct))
                    await db.Timers.Where(t => t.Key == timer.Key).ExecuteUpdateAsync(s => s.SetProperty(t => t.DueAt, clock.GetUtcNow() + RetryAfter), ct);
            }
            catch (Exception retry) when (retry is not OperationCanceledException)
            {
                logger.LogError(retry, "Timer {Key} could not be put back; it is tried again on the next pass", timer.Key);
            }
        }
    }
}
