using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Contracts;
using OpsBot.Hosting;
using OpsBot.Storage;

namespace OpsBot.Ingest.Durable;

/// <summary>
/// Publishes inbox rows the dedupe stage has not committed: all of them at start (events accepted before a crash),
/// then, periodically, any that stayed longer than they should (a publish or a consumer that failed).
/// Ingest reports ready only after the start-up replay, so replayed events go first.
/// </summary>
public sealed class InboxRelay(
    IOptions<StorageOptions> storage, IOptions<IngestOptions> ingest, IBus bus, ReadinessGate readiness,
    TimeProvider clock, ILogger<InboxRelay> logger) : BackgroundService
{
    private const int PageSize = 1000;
    private static readonly TimeSpan DeliveryIdsKeptFor = TimeSpan.FromHours(72);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WhenReady(ReadinessGate.Bus).WaitAsync(stoppingToken);
        var replayed = await ReplayAsync(acceptedBefore: null, stoppingToken);
        if (replayed > 0) logger.LogInformation("Replayed {Count} alerts accepted before the last stop", replayed);
        readiness.MarkReady(ReadinessGate.Inbox);

        using var timer = new PeriodicTimer(ingest.Value.InboxRelayInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var now = clock.GetUtcNow();
                var stale = await ReplayAsync(now - ingest.Value.InboxRelayInterval, stoppingToken);
                if (stale > 0) logger.LogWarning("Republished {Count} accepted alerts that had not passed dedupe", stale);
                PurgeDeliveryIds(now - DeliveryIdsKeptFor);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Inbox relay pass failed; trying again next interval");
            }
        }
    }

    private async Task<int> ReplayAsync(DateTimeOffset? acceptedBefore, CancellationToken ct)
    {
        var total = 0;
        long afterSeq = 0;
        while (true)
        {
            var page = ReadPage(afterSeq, acceptedBefore?.ToUnixTimeMilliseconds() ?? long.MaxValue);
            if (page.Count == 0) return total;
            await bus.PublishBatch(page.Select(p => p.Event), ct);
            total += page.Count;
            afterSeq = page[^1].Seq;
        }
    }

    private List<(long Seq, AlertReceived Event)> ReadPage(long afterSeq, long acceptedBeforeMs)
    {
        using var connection = StorageSetup.OpenSqlite(storage.Value, synchronous: "NORMAL");
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT seq, payload FROM inbox WHERE seq > $after AND accepted_at_ms < $before ORDER BY seq LIMIT $limit";
        query.Parameters.AddWithValue("$after", afterSeq);
        query.Parameters.AddWithValue("$before", acceptedBeforeMs);
        query.Parameters.AddWithValue("$limit", PageSize);
        using var reader = query.ExecuteReader();
        var page = new List<(long, AlertReceived)>();
        while (reader.Read())
        {
            var seq = reader.GetInt64(0);
            var message = JsonSerializer.Deserialize<AlertReceived>(reader.GetString(1));
            if (message is null) logger.LogError("Inbox row {Seq} holds no event; left in place for inspection", seq);
            else page.Add((seq, message));
        }
        return page;
    }

    private void PurgeDeliveryIds(DateTimeOffset olderThan)
    {
        using var connection = StorageSetup.OpenSqlite(storage.Value, synchronous: "NORMAL");
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM webhook_deliveries WHERE received_at_ms < $before";
        delete.Parameters.AddWithValue("$before", olderThan.ToUnixTimeMilliseconds());
        delete.ExecuteNonQuery();
    }
}
