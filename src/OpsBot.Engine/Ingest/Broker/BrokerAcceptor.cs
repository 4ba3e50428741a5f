using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsBot.Contracts;
using OpsBot.Dedupe;
using OpsBot.Storage;

namespace OpsBot.Ingest.Broker;

/// <summary>
/// Production mode's durable accept: the events are published to RabbitMQ, and ingest answers 2xx only once the
/// broker has confirmed them (written to its quorum queue). A sender's delivery id is recorded in the same database
/// transaction, committed only after the confirm, so a retry of an answered delivery is recognised on any replica and a
/// failed one is not.
/// </summary>
public sealed class BrokerAcceptor(IServiceScopeFactory scopes, IBus bus, IOptions<DedupeOptions> dedupe, TimeProvider clock) : IAlertAcceptor
{
    public async Task<AcceptOutcome> AcceptAsync(string? deliveryKey, IReadOnlyList<AlertReceived> events, CancellationToken ct)
    {
        var messages = events.Chunk(dedupe.Value.BatchSize).Select(chunk => new AlertsAccepted([.. chunk])).ToList();
        if (deliveryKey is null)
        {
            await bus.PublishBatch(messages, ct);
            return AcceptOutcome.Accepted;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OpsBotDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        // Waits for another replica holding the same new key, then sees it: one of two concurrent retries wins.
        var recorded = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO webhook_deliveries (key, received_at_ms) VALUES ({deliveryKey}, {now}) ON CONFLICT (key) DO NOTHING", ct);
        if (recorded == 0) return AcceptOutcome.DuplicateDelivery;
        await bus.PublishBatch(messages, ct);
        await tx.CommitAsync(ct);
        return AcceptOutcome.Accepted;
    }
}
