using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Contracts;
using OpsBot.Ingest;
using OpsBot.Observability;
using OpsBot.Outbox;
using OpsBot.Storage;

namespace OpsBot.Dedupe;

/// <summary>
/// The first pipeline stage. Per message (a batch of accepted alerts): skip events already committed (replays), load the states they touch,
/// apply <see cref="DedupePolicy"/> in order, commit states, history and the inbox clean-up in one transaction,
/// and the changes as outbox messages, then publish them.
/// </summary>
public sealed class DedupeConsumer(
    OpsBotDbContext db, StoreWriteLock writeLock, IOptions<DedupeOptions> options, IIngestBacklog backlog, Heartbeats.HeartbeatMonitor heartbeats, OpsBotMetrics metrics, TimeProvider clock,
    ILogger<DedupeConsumer> logger)
    : IConsumer<AlertsAccepted>
{
    public Task Consume(ConsumeContext<AlertsAccepted> context) => ApplyAsync(context.Message.Alerts, context, context.CancellationToken);

    /// <param name="publish">Where the changes go once committed: the consume context of the message(s) being handled.</param>
    public async Task ApplyAsync(IEnumerable<AlertReceived> accepted, IPublishEndpoint publish, CancellationToken ct)
    {
        var messages = accepted.DistinctBy(m => m.EventId).ToList();
        var failed = 0;
        List<OutboxRow> changes;
        try
        {
            changes = await CommitAsync(messages, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException && messages.Count == 1)
        {
            changes = [];
            RecordFailure(messages[0], e);
            failed++;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One bad delivery must not hold back the others: take them one at a time, each in its own transaction.
            // One that still fails stays in the inbox, and the inbox feed publishes it again later.
            logger.LogWarning(e, "A dedupe batch of {Count} failed; committing its deliveries one by one", messages.Count);
            changes = [];
            foreach (var message in messages)
            {
                db.ChangeTracker.Clear();
                try
                {
                    changes.AddRange(await CommitAsync([message], ct));
                }
                catch (Exception single) when (single is not OperationCanceledException)
                {
                    RecordFailure(message, single);
                    failed++;
                }
            }
        }
        backlog.MarkProcessed(messages.Count);
        heartbeats.Observe(messages.Select(m => m.Alert));
        if (changes.Count > 0) await PipelineOutbox.PublishAsync(publish, changes, ct);
        // The broker's copy is the only one: fail the message so it is retried, and dead-lettered if it keeps failing.
        // Deliveries of it that did commit are skipped on the retry (their event ids are in the history).
        if (failed > 0 && !backlog.RepublishesFailed)
            throw new DedupeFailedException($"{failed} of {messages.Count} accepted alert(s) could not be committed");
    }

    private void RecordFailure(AlertReceived message, Exception e)
    {
        metrics.DedupeOutcomes.Inc("failed");
        logger.LogError(e, "Dedupe failed for event {EventId} ({Fingerprint}); it is retried",
            message.EventId, message.Alert.Fingerprint);
    }

    private const int ConflictAttempts = 5;

    /// <summary>
    /// The alerts are read before the write lock is taken, so another stage (or, among replicas, another process) may
    /// change one of them before this commit: its version check then fails, and the deliveries are applied again to
    /// what is stored now.
    /// </summary>
    private async Task<List<OutboxRow>> CommitAsync(IReadOnlyList<AlertReceived> messages, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryCommitAsync(messages, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < ConflictAttempts)
            {
                db.ChangeTracker.Clear();
                metrics.DedupeOutcomes.Inc("conflict_retried");
            }
        }
    }

    private async Task<List<OutboxRow>> TryCommitAsync(IReadOnlyList<AlertReceived> messages, CancellationToken ct)
    {
        var ids = messages.Select(m => m.EventId).ToList();
        var committed = (await db.Occurrences.Where(o => ids.Contains(o.EventId)).Select(o => o.EventId).ToListAsync(ct)).ToHashSet();
        var fresh = messages.Where(m => !committed.Contains(m.EventId)).ToList();

        var book = new AlertBook(db, options.Value.CorrelationKeyTemplates);
        await book.LoadAsync(fresh, ct);
        var applier = new DedupeApplier(book, options.Value);
        var applied = fresh.Select(applier.Apply).ToList();

        var now = clock.GetUtcNow();
        List<OutboxRow> outbox;
        using (await writeLock.AcquireAsync(ct))
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            // Built after the first save: a new alert's id is known only then.
            var changes = applied.SelectMany(r => r.Events()).Select(AlertChange.From).ToList();
            outbox = changes.Count == 0 ? [] : [PipelineOutbox.Add(db, new AlertChanges(changes), now)];
            await db.SaveChangesAsync(ct);
            var inboxIds = ids.Select(id => id.ToString("D")).ToList();
            await db.Inbox.Where(i => inboxIds.Contains(i.EventId)).ExecuteDeleteAsync(ct);
            await tx.CommitAsync(ct);
        }

        var committedAt = clock.GetUtcNow();
        foreach (var result in applied)
        {
            metrics.DedupeOutcomes.Inc(result.Decision.Outcome.ToString().ToLowerInvariant());
            metrics.StageDuration.Observe(Math.Max(0, (committedAt - result.Message.Alert.ReceivedAt).TotalSeconds), "dedupe");
            if (result.LogLine is { } line) logger.LogInformation("Alert {AlertId} {AlertName} [{Fingerprint}] {Change}: {Reason}",
                result.Row?.Id, result.Message.Alert.AlertName, result.Message.Alert.Fingerprint, line, result.Decision.Reason);
        }
        return outbox;
    }
}

public sealed class DedupeFailedException(string message) : Exception(message);
