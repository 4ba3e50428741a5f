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
        if (local is not null) db.Timers.Remove(local);
        else await db.Timers.Where(t => t.Key == key).ExecuteDeleteAsync(ct);
    }

    public Task CancelPrefixAsync(string prefix, CancellationToken ct)
    {
        foreach (var local in db.Timers.Local.Where(t => t.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList()) db.Timers.Remove(local);
        return db.Timers.Where(t => t.Key.StartsWith(prefix)).ExecuteDeleteAsync(ct);
    }
}
