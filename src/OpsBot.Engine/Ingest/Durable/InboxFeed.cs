using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Contracts;
using OpsBot.Dedupe;
using OpsBot.Hosting;
using OpsBot.Observability;
using OpsBot.Storage;

namespace OpsBot.Ingest.Durable;

/// <summary>
/// The only publisher of accepted events in the embedded mode, with at most <see cref="IngestOptions.MaxInFlight"/>
/// of them on the in-memory bus at once. Fresh events go straight to the bus while there is room; when there is not,
/// they stay in the inbox and this feed reads them back from disk, in order, as dedupe catches up. A burst therefore
/// costs disk, never memory. Periodically, events that were published but never committed are published again.
/// </summary>
public sealed class InboxFeed(
    IOptions<StorageOptions> storage, StoreWriteLock writeLock, IOptions<IngestOptions> ingest, IOptions<DedupeOptions> dedupe, IBus bus, ReadinessGate readiness,
    OpsBotMetrics metrics, TimeProvider clock, ILogger<InboxFeed> logger) : BackgroundService, IIngestBacklog
{
    private const int PageSize = 1000;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _wake = new(0);
    private int _inFlight;
    // Events from this inbox sequence number on are read from disk; 0 means the feed is caught up.
    private long _diskFrom = 1;

    private int MaxInFlight => ingest.Value.MaxInFlight;

    /// <summary>Called after a commit: publishes at once when there is room and nothing older waits on disk.</summary>
    public async Task OfferAsync(IReadOnlyList<AlertReceived> events, long firstSeq, CancellationToken ct)
    {
        if (events.Count == 0) return;
        lock (_lock)
        {
            if (_diskFrom == 0 && _inFlight + events.Count <= MaxInFlight) _inFlight += events.Count;
            else
            {
                if (_diskFrom == 0) _diskFrom = firstSeq;
                _wake.Release();
                return;
            }
        }
        await PublishAsync(events, ct);
    }

    public bool RepublishesFailed => true;

    public void MarkProcessed(int count)
    {
        lock (_lock) _inFlight = Math.Max(0, _inFlight - count);
        _wake.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WhenReady(ReadinessGate.Bus).WaitAsync(stoppingToken);
        readiness.MarkReady(ReadinessGate.Inbox);
        var nextSweep = clock.GetUtcNow() + ingest.Value.InboxRelayInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CatchUpAsync(stoppingToken);
                if (clock.GetUtcNow() >= nextSweep)
                {
                    await RepublishStaleAsync(stoppingToken);
                    nextSweep = clock.GetUtcNow() + ingest.Value.InboxRelayInterval;
                }
                await _wake.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Inbox feed pass failed; trying again");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task CatchUpAsync(CancellationToken ct)
    {
        while (true)
        {
            long from;
            int room;
            lock (_lock)
            {
                from = _diskFrom;
                room = Math.Min(PageSize, MaxInFlight - _inFlight);
            }
            if (from == 0 || room <= 0) return;

            using var inbox = new InboxReader(storage.Value);
            var page = inbox.ReadFrom(from, room, logger);
            if (page.Count == 0)
            {
                lock (_lock)
                    // Checked under the lock: a commit that became visible meanwhile is still ahead of us.
                    if (!inbox.AnyFrom(from)) _diskFrom = 0;
                return;
            }
            lock (_lock)
            {
                _inFlight += page.Count;
                _diskFrom = page[^1].Seq + 1;
            }
            metrics.InboxReplayed.Add(page.Count, "backlog");
            await PublishAsync(page.Select(p => p.Event).ToList(), ct);
        }
    }

    /// <summary>
    /// Events accepted more than an interval ago and still in the inbox once the feed is caught up were lost on the way
    /// (a faulted consumer). While it is behind, old events are expected there and wait their turn.
    /// </summary>
    private async Task RepublishStaleAsync(CancellationToken ct)
    {
        int room;
        lock (_lock)
        {
            if (_diskFrom != 0) return;
            room = Math.Min(PageSize, MaxInFlight - _inFlight);
        }
        using var inbox = new InboxReader(storage.Value);
        using (await writeLock.AcquireAsync(ct))
            inbox.PurgeDeliveryIds(clock.GetUtcNow() - TimeSpan.FromHours(72));
        if (room <= 0) return;
        var stale = inbox.ReadStale(clock.GetUtcNow() - ingest.Value.InboxRelayInterval, room, logger);
        if (stale.Count == 0) return;
        logger.LogWarning("Republishing {Count} accepted alerts that have not passed dedupe", stale.Count);
        lock (_lock) _inFlight += stale.Count;
        metrics.InboxReplayed.Add(stale.Count, "stale");
        await PublishAsync(stale.Select(p => p.Event).ToList(), ct);
    }

    private async Task PublishAsync(IReadOnlyList<AlertReceived> events, CancellationToken ct)
    {
        try
        {
            var messages = events.Chunk(dedupe.Value.BatchSize).Select(chunk => new AlertsAccepted([.. chunk]));
            await bus.PublishBatch(messages, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Already durable: the stale sweep publishes them again.
            MarkProcessed(events.Count);
            logger.LogWarning(e, "Publishing {Count} accepted alerts failed; they will be published again", events.Count);
        }
    }
}
