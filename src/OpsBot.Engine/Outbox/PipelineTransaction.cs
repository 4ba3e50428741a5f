using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using OpsBot.Contracts;
using OpsBot.Storage;

namespace OpsBot.Outbox;

/// <summary>
/// One unit of work of a stage after dedupe: claim the incoming message, do the work, commit it together with the
/// notifications and outbox messages it produced, and only then publish those. Held under the SQLite write lock,
/// so work inside must not wait on the network.
/// </summary>
public sealed class PipelineTransaction(OpsBotDbContext db, StoreWriteLock writeLock, IPublishEndpoint bus)
{
    private readonly List<Action> _committed = [];

    /// <summary>Runs after the commit, and not at all if the work is rolled back: counters, for instance.</summary>
    public void OnCommitted(Action action) => _committed.Add(action);

    /// <param name="claim">The bus MessageId of the outbox message being consumed; null for work started by a timer or the API.</param>
    /// <returns>False when the claimed message had been handled already.</returns>
    public async Task<bool> RunAsync(Guid? claim, Func<CancellationToken, Task> work, CancellationToken ct)
    {
        // Collected as they are added, since the work may save part way through.
        var notifications = new List<NotificationRow>();
        var messages = new List<OutboxRow>();
        void Collect(object? sender, EntityTrackedEventArgs e)
        {
            if (e.Entry.State != EntityState.Added) return;
            if (e.Entry.Entity is NotificationRow n) notifications.Add(n);
            else if (e.Entry.Entity is OutboxRow o) messages.Add(o);
        }

        db.ChangeTracker.Tracked += Collect;
        try
        {
            using (await writeLock.AcquireAsync(ct))
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                if (claim is not null && !await PipelineOutbox.ClaimAsync(db, claim, ct)) return false;
                await work(ct);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
        }
        catch
        {
            _committed.Clear();
            throw;
        }
        finally
        {
            db.ChangeTracker.Tracked -= Collect;
        }
        foreach (var action in _committed) action();
        _committed.Clear();
        if (notifications.Count > 0) await bus.Publish(new NotificationsRequested(notifications.Select(n => n.Id).ToList()), ct);
        if (messages.Count > 0) await PipelineOutbox.PublishAsync(bus, messages, ct);
        return true;
    }
}
