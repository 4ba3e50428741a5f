using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Contracts;
using OpsBot.Storage;

namespace OpsBot.Ingest.Durable;

/// <summary>
/// Embedded mode's durable accept. Requests queue here; one writer commits whatever has queued in a single
/// SQLite transaction (group commit: one fsync for many alerts), answers every request in it, then hands the events
/// to the <see cref="InboxFeed"/>. Rows stay in the inbox until the dedupe stage commits them, so a crash before that
/// replays them.
/// </summary>
public sealed class SqliteInbox(
    IOptions<StorageOptions> storage, StoreWriteLock writeLock, InboxFeed feed, TimeProvider clock, ILogger<SqliteInbox> logger)
    : BackgroundService, IAlertAcceptor
{
    private const int MaxRequestsPerCommit = 512;
    private readonly Channel<PendingAccept> _queue = Channel.CreateBounded<PendingAccept>(
        new BoundedChannelOptions(10_000) { SingleReader = true });

    public async Task<AcceptOutcome> AcceptAsync(string? deliveryKey, IReadOnlyList<AlertReceived> events, CancellationToken ct)
    {
        var rows = events.Select(e => (e.EventId.ToString("D"), JsonSerializer.Serialize(e))).ToArray();
        var pending = new PendingAccept(deliveryKey, events, rows);
        await _queue.Writer.WriteAsync(pending, ct);
        return await pending.Completion.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var connection = StorageSetup.OpenSqlite(storage.Value, synchronous: "FULL");
        var batch = new List<PendingAccept>(MaxRequestsPerCommit);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxRequestsPerCommit && _queue.Reader.TryRead(out var next)) batch.Add(next);
                long firstSeq;
                try
                {
                    using (await writeLock.AcquireAsync(stoppingToken))
                        firstSeq = Commit(connection, batch, clock.GetUtcNow().ToUnixTimeMilliseconds());
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Could not commit {Count} accepted requests to the inbox; senders are told to retry", batch.Count);
                    foreach (var pending in batch) pending.Completion.TrySetException(e);
                    continue;
                }
                foreach (var pending in batch) pending.Completion.TrySetResult(pending.Outcome);
                var accepted = batch.Where(p => p.Outcome == AcceptOutcome.Accepted).SelectMany(p => p.Events).ToList();
                await feed.OfferAsync(accepted, firstSeq, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var left)) left.Completion.TrySetCanceled();
    }

    /// <returns>The inbox sequence number of the first event inserted (0 when none was).</returns>
    private static long Commit(SqliteConnection connection, List<PendingAccept> batch, long now)
    {
        long firstSeq = 0;
        using var tx = connection.BeginTransaction();
        using var delivery = connection.CreateCommand();
        delivery.CommandText = "INSERT OR IGNORE INTO webhook_deliveries(key, received_at_ms) VALUES ($key, $at)";
        var deliveryKey = delivery.Parameters.Add("$key", SqliteType.Text);
        delivery.Parameters.AddWithValue("$at", now);
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT OR IGNORE INTO inbox(event_id, accepted_at_ms, payload) VALUES ($id, $at, $payload) RETURNING seq";
        var eventId = insert.Parameters.Add("$id", SqliteType.Text);
        insert.Parameters.AddWithValue("$at", now);
        var payload = insert.Parameters.Add("$payload", SqliteType.Text);

        foreach (var pending in batch)
        {
            pending.Outcome = AcceptOutcome.Accepted;
            if (pending.DeliveryKey is not null)
            {
                deliveryKey.Value = pending.DeliveryKey;
                if (delivery.ExecuteNonQuery() == 0)
                {
                    pending.Outcome = AcceptOutcome.DuplicateDelivery;
                    continue;
                }
            }
            foreach (var (id, json) in pending.Rows)
            {
                eventId.Value = id;
                payload.Value = json;
                if (insert.ExecuteScalar() is long seq && firstSeq == 0) firstSeq = seq;
            }
        }
        tx.Commit();
        return firstSeq;
    }

    private sealed class PendingAccept(string? deliveryKey, IReadOnlyList<AlertReceived> events, (string Id, string Json)[] rows)
    {
        public string? DeliveryKey { get; } = deliveryKey;
        public IReadOnlyList<AlertReceived> Events { get; } = events;
        public (string Id, string Json)[] Rows { get; } = rows;
        public AcceptOutcome Outcome { get; set; }
        public TaskCompletionSource<AcceptOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
