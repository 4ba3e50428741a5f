using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Hosting;
using OpsBot.Ingest;
using OpsBot.Observability;
using OpsBot.Storage;

namespace OpsBot.Outbox;

/// <summary>
/// Publishes outbox messages nobody claimed: all of them at start (left over from before a restart), then those older
/// than the relay interval (lost on the in-memory bus, or their stage failed). The same for notifications not delivered.
/// </summary>
public sealed class OutboxRelay(
    IServiceScopeFactory scopes, IBus bus, ReadinessGate readiness, IOptions<IngestOptions> options, OpsBotMetrics metrics, TimeProvider clock,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WhenReady(ReadinessGate.Bus).WaitAsync(stoppingToken);
        // Everything at start; afterwards, once per interval of the injected clock, what has waited longer than an interval.
        var minimumAge = TimeSpan.Zero;
        var nextSweep = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            if (now >= nextSweep)
            {
                try
                {
                    await RelayAsync(now - minimumAge, stoppingToken);
                    minimumAge = options.Value.InboxRelayInterval;
                    nextSweep = now + minimumAge;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Outbox relay pass failed; trying again");
                }
            }
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
        }
    }

    private async Task RelayAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OpsBotDbContext>();
        var rows = await db.Outbox.AsNoTracking().Where(o => o.CreatedAt <= cutoff).OrderBy(o => o.CreatedAt).Take(1000).ToListAsync(ct);
        if (rows.Count > 0)
        {
            metrics.OutboxReplayed.Add(rows.Count, "pipeline");
            await PipelineOutbox.PublishAsync(bus, rows, ct);
        }
        var notifications = await db.Notifications.AsNoTracking().Where(n => n.DeliveredAt == null && n.CreatedAt <= cutoff)
            .OrderBy(n => n.Id).Select(n => n.Id).Take(1000).ToListAsync(ct);
        if (notifications.Count > 0)
        {
            metrics.OutboxReplayed.Add(notifications.Count, "notification");
            await bus.Publish(new Contracts.NotificationsRequested(notifications), ct);
        }
    }
}
