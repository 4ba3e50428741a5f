using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsBot.Contracts;
using OpsBot.Storage;

namespace OpsBot.Notify;

/// <summary>The notify stage: hands each stored notification to every sink once, in order, then marks those delivered.</summary>
public sealed class NotifyConsumer(OpsBotDbContext db, StoreWriteLock writeLock, IEnumerable<INotificationSink> sinks, Observability.OpsBotMetrics metrics,
    TimeProvider clock, ILogger<NotifyConsumer> logger) : IConsumer<NotificationsRequested>
{
    public async Task Consume(ConsumeContext<NotificationsRequested> context)
    {
        var ct = context.CancellationToken;
        var ids = context.Message.NotificationIds;
        var rows = await db.Notifications.AsNoTracking().Where(n => ids.Contains(n.Id) && n.DeliveredAt == null).OrderBy(n => n.Id).ToListAsync(ct);
        foreach (var row in rows)
        {
            if (!await DeliverAsync(row, ct)) continue; // left undelivered: the outbox relay offers it again later
            // Marked one by one, so a process killed part-way through a batch does not post the delivered ones again.
            var now = clock.GetUtcNow();
            using (await writeLock.AcquireAsync(ct))
                await db.Notifications.Where(n => n.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(n => n.DeliveredAt, (DateTimeOffset?)now), ct);
            if (row.AlertReceivedAt is { } received) metrics.StageDuration.Observe(Math.Max(0, (now - received).TotalSeconds), "notify");
        }
    }

    private async Task<bool> DeliverAsync(NotificationRow row, CancellationToken ct)
    {
        foreach (var sink in sinks)
        {
            try { await sink.DeliverAsync(row, ct); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Notification {Id} could not be delivered to {Sink}", row.Id, sink.Name);
                return false;
            }
        }
        return true;
    }
}

public sealed class NotifyConsumerDefinition : ConsumerDefinition<NotifyConsumer>
{
    public NotifyConsumerDefinition()
    {
        EndpointName = "opsbot-notify";
        ConcurrentMessageLimit = 1;
    }
}
