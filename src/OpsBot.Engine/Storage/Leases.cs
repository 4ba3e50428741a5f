using Microsoft.EntityFrameworkCore;

namespace OpsBot.Storage;

/// <summary>
/// Named leases in the database. A replica holds a lease until it expires; it renews it while it works, and another
/// replica takes it over once the holder has stopped renewing (it died, or lost the database).
/// </summary>
public sealed class Leases(OpsBotDbContext db, StoreWriteLock writeLock, ReplicaIdentity replica, TimeProvider clock)
{
    /// <returns>True when this replica holds <paramref name="name"/> for the next <paramref name="ttl"/>.</returns>
    public async Task<bool> TryHoldAsync(string name, TimeSpan ttl, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var until = now + (long)ttl.TotalMilliseconds;
        using (await writeLock.AcquireAsync(ct))
            // One statement, so two replicas asking at once cannot both win: the row's lock orders them.
            return await db.Database.ExecuteSqlAsync($"""
                INSERT INTO leases (name, holder, expires_at_ms) VALUES ({name}, {replica.Id}, {until})
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at_ms = excluded.expires_at_ms
                WHERE leases.holder = excluded.holder OR leases.expires_at_ms < {now}
                """, ct) == 1;
    }

    public async Task ReleaseAsync(string name, CancellationToken ct)
    {
        using (await writeLock.AcquireAsync(ct))
            await db.Leases.Where(l => l.Name == name && l.Holder == replica.Id).ExecuteDeleteAsync(ct);
    }
}

/// <summary>This process among the replicas: host name and process id, plus a random part for restarts in one container.</summary>
public sealed class ReplicaIdentity
{
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}"[..^24];
}
