using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpsBot.Storage;

namespace OpsBot.Scheduling;

/// <summary>Schedules and cancels durable timers inside the caller's transaction.</summary>
public sealed class DurableTimers(OpsBotDbContext db)
{
    /// <summary>Adds the timer, or moves an existing one with the same key to the earlier of the two times.</summary>
    public async Task ScheduleAsync<T>(string key, string kind, DateTimeOffset dueAt, T payload, CancellationToken ct)
    {
        var existing = await db.Timers.FindAsync([key], ct);
        if (existing is null)
        {
            db.Timers.Add(new TimerRow { Key = key, Kind = kind, DueAt = dueAt, Payload = JsonSerializer.Serialize(payload) });
            return;
        }
        existing.Payload = JsonSerializer.Serialize(payload);
        if (dueAt < existing.DueAt) existing.DueAt = dueAt;
    }

    /// <summary>Replaces any timer with this key.</summary>
    public async Task ResetAsync<T>(string key, string kind, DateTimeOffset dueAt, T payload, CancellationToken ct)
    {
        await CancelAsync(key, ct);
        db.Timers.Add(new TimerRow { Key = key, Kind = kind, DueAt = dueAt, Payload = JsonSerializer.Serialize(payload) });
    }

    public async Task CancelAsync(string key, CancellationToken ct)
    {
        var local = db.Timers.Local.FirstOrDefault(t => t.Key == key);
        // Not yet saved: forgetting it is enough. Saved earlier in this transaction or before: delete the row.
        if (local is not null && db.Entry(local).State == EntityState.Added)
        {
            db.Entry(local).State = EntityState.Detached;
            return;
        }
        if (local is not null) db.Entry(local).State = EntityState.Detached;
        await db.Timers.Where(t => t.Key == key).ExecuteDeleteAsync(ct);
    }

    public async Task CancelPrefixAsync(string prefix, CancellationToken ct)
    {
        // Tracked ones are forgotten, not removed: the direct delete below takes the rows, and a tracked removal
        // would then delete them a second time and fail.
        foreach (var local in db.Timers.Local.Where(t => t.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            db.Entry(local).State = EntityState.Detached;
        await db.Timers.Where(t => t.Key.StartsWith(prefix)).ExecuteDeleteAsync(ct);
    }
}
