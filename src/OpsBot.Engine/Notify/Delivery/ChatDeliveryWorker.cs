using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpsBot.Chat;
using OpsBot.Storage;

namespace OpsBot.Notify.Delivery;

/// <summary>
/// Drains each platform's queued deliveries in order, one loop per platform, so an alert's card is always posted before it is edited.
/// A rate limit waits as long as the platform asks; other transient failures back off (1 s doubling to a minute) and
/// retry the same delivery; a permanent failure (unknown channel, bad token) is recorded and the queue moves on.
/// Among replicas, each platform's queue is drained by the holder of its lease only, which keeps the order and posts once.
/// </summary>
public sealed class ChatDeliveryWorker(ChatPlatforms platforms, IServiceScopeFactory scopes, ChatDeliverySignal signal,
    Observability.OpsBotMetrics metrics, TimeProvider clock, ILogger<ChatDeliveryWorker> logger) : BackgroundService
{
    /// <summary>A safety net for wake-ups that never came (rows written by another process, a crash between write and wake).</summary>
    public static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);
    /// <summary>How long another replica waits for a silent holder before it takes over a platform's queue.</summary>
    public static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(15);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _renewDue = new();

    protected override Task ExecuteAsync(CancellationToken stopping) =>
        Task.WhenAll(platforms.Enabled.Select(p => Task.Run(() => DrainAsync(p, stopping), stopping)));

    private async Task DrainAsync(IChatPlatform platform, CancellationToken stopping)
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            TimeSpan? wait;
            try { wait = await DeliverNextAsync(platform, failures, stopping); }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                logger.LogError(e, "The {Platform} delivery worker failed; trying again", platform.Name);
                wait = Backoff(failures + 1);
            }
            if (wait is null)
            {
                failures = 0;
                continue;
            }
            failures = wait == TimeSpan.Zero ? 0 : failures + 1;
            try
            {
                if (wait == TimeSpan.Zero) await signal.WaitAsync(platform.Name, IdlePoll, stopping);
                else await Task.Delay(wait.Value, clock, stopping);
            }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <returns>Null to go on at once, zero when the queue is empty, otherwise how long to wait before retrying.</returns>
    private async Task<TimeSpan?> DeliverNextAsync(IChatPlatform platform, int failures, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (!await HoldLeaseAsync(platform, scope.ServiceProvider.GetRequiredService<Leases>(), ct)) return TimeSpan.Zero;
        var db = scope.ServiceProvider.GetRequiredService<OpsBotDbContext>();
        var next = await db.ChatDeliveries.AsNoTracking()
            .Where(d => d.Platform == platform.Name && d.State == ChatDeliveryState.Pending).OrderBy(d => d.Id).FirstOrDefaultAsync(ct);
        if (next is null) return TimeSpan.Zero;

        var writeLock = scope.ServiceProvider.GetRequiredService<StoreWriteLock>();
        try
        {
            await scope.ServiceProvider.GetRequiredService<ChatDeliverer>().DeliverAsync(platform, next, ct);
            await FinishAsync(db, writeLock, next, ChatDeliveryState.Delivered, null, ct);
            metrics.ChatDeliveries.Inc(platform.Name, "delivered");
            return null;
        }
        catch (ChatDeliveryException e) when (e.Failure == ChatFailure.Permanent)
        {
            logger.LogError("Notification {Notification} cannot be delivered to {Platform} channel {Channel}: {Error}",
                next.NotificationId, platform.Name, next.ChannelId, e.Message);
            await FinishAsync(db, writeLock, next, ChatDeliveryState.Failed, e.Message, ct);
            metrics.ChatDeliveries.Inc(platform.Name, "failed");
            return null;
        }
        catch (ChatDeliveryException e)
        {
            var wait = e.Failure == ChatFailure.RateLimited ? e.RetryAfter ?? TimeSpan.FromSeconds(1) : Backoff(failures + 1);
            logger.LogWarning("Notification {Notification} to {Platform}: {Error}; retrying in {Wait}", next.NotificationId, platform.Name, e.Message, wait);
            await RecordAttemptAsync(db, writeLock, next, e.Message, ct);
            metrics.ChatDeliveries.Inc(platform.Name, e.Failure == ChatFailure.RateLimited ? "rate_limited" : "retried");
            return wait;
        }
    }

    /// <summary>Renews the lease a third of the way through its life, so a holder that is busy delivering never loses it.</summary>
    private async Task<bool> HoldLeaseAsync(IChatPlatform platform, Leases leases, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_renewDue.TryGetValue(platform.Name, out var due) && now < due) return true;
        if (!await leases.TryHoldAsync("chat-delivery:" + platform.Name, LeaseTtl, ct))
        {
            _renewDue.TryRemove(platform.Name, out _);
            return false;
        }
        _renewDue[platform.Name] = now + LeaseTtl / 3;
        return true;
    }

    private async Task FinishAsync(OpsBotDbContext db, StoreWriteLock writeLock, ChatDeliveryRow row, ChatDeliveryState state, string? error, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        using (await writeLock.AcquireAsync(ct))
            await db.ChatDeliveries.Where(d => d.Id == row.Id).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.State, state).SetProperty(d => d.FinishedAt, now)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1).SetProperty(d => d.LastError, d => error ?? d.LastError), ct);
    }

    private static async Task RecordAttemptAsync(OpsBotDbContext db, StoreWriteLock writeLock, ChatDeliveryRow row, string error, CancellationToken ct)
    {
        using (await writeLock.AcquireAsync(ct))
            await db.ChatDeliveries.Where(d => d.Id == row.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Attempts, d => d.Attempts + 1).SetProperty(d => d.LastError, error), ct);
    }

    private static TimeSpan Backoff(int failures) =>
        TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(failures - 1, 10))));
}
