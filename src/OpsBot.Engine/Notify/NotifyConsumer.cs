using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsBot.Contracts;
using OpsBot.Storage;

namespace OpsBot.Notify;

/// <summary>The notify stage: hands a stored notification to every sink once, then marks it delivered.</summary>
public sealed class NotifyConsumer(OpsBotDbContext db, SqliteWriteLock writeLock, IEnumerable<INotificationSink> sinks, Observability.OpsBotMetrics metrics,
    TimeProvider clock, ILogger<NotifyConsumer> logger) : IConsumer<NotificationRequested>
{
    public async Task Consume(ConsumeContext<NotificationRequested> context)
    {
        var ct = context.CancellationToken;
        var row = await db.Notifications.AsNoTracking().SingleOrDefaultAsync(n => n.Id == context.Message.NotificationId, ct);
        if (row is null || row.DeliveredAt is not null) return;
        foreach (var sink in sinks)
        {
            try { await sink.DeliverAsync(row, ct); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Left undelivered: the outbox relay offers it again later.
                logger.LogError(e, "Notification {Id} could not be delivered to {Sink}", row.Id, sink.Name);
                return;
            }
        }
        var now = clock.GetUtcNow();
        using (await writeLock.AcquireAsync(ct))
            await db.Notifications.Where(n => n.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(n => n.DeliveredAt, (DateTimeOffset?)now), ct);
        if (row.AlertReceivedAt is { } received) metrics.StageDuration.Observe(Math.Max(0, (now - received).TotalSeconds), "notify");
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
