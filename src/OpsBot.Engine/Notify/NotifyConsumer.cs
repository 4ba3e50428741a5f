using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsBot.Contracts;
using OpsBot.Storage;

namespace OpsBot.Notify;

/// <summary>The notify stage: hands each stored notification to every sink once, in order, then marks those delivered.</summary>
public sealed class NotifyConsumer(OpsBotDbContext db, SqliteWriteLock writeLock, IEnumerable<INotificationSink> sinks, Observability.OpsBotMetrics metrics,
    TimeProvider clock, ILogger<NotifyConsumer> logger) : IConsumer<NotificationsRequested>
{
    public async Task Consume(ConsumeContext<NotificationsRequested> context)
    {
        var ct = context.CancellationToken;
        var ids = context.Message.NotificationIds;
        var rows = await db.Notifications.AsNoTracking().Where(n => ids.Contains(n.Id) && n.DeliveredAt == null).OrderBy(n => n.Id).ToListAsync(ct);
        var delivered = new List<long>(rows.Count);
        foreach (var row in rows)
        {
            if (!await DeliverAsync(row, ct)) continue; // left undelivered: the outbox relay offers it again later
            delivered.Add(row.Id);
        }
        if (delivered.Count == 0) return;

        var now = clock.GetUtcNow();
        using (await writeLock.AcquireAsync(ct))
            await db.Notifications.Where(n => delivered.Contains(n.Id)).ExecuteUpdateAsync(s => s.SetProperty(n => n.DeliveredAt, (DateTimeOffset?)now), ct);
        foreach (var row in rows.Where(r => r.AlertReceivedAt is not null && delivered.Contains(r.Id)))
            metrics.StageDuration.Observe(Math.Max(0, (now - row.AlertReceivedAt!.Value).TotalSeconds), "notify");
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
