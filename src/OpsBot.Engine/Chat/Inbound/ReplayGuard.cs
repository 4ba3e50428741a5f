using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsBot.Storage;

namespace OpsBot.Chat.Inbound;

/// <summary>
/// Remembers the signed requests (Slack signatures, Discord interaction ids) seen recently, in the database so that
/// every replica knows them: a captured request sent again within the signature's validity is refused instead of
/// run twice, whichever replica it reaches.
/// </summary>
public sealed class ReplayGuard(IServiceScopeFactory scopes, StoreWriteLock writeLock, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    /// <returns>False when <paramref name="key"/> was seen within the window.</returns>
    public async Task<bool> FirstTimeAsync(string key, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var before = now - (long)Window.TotalMilliseconds;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OpsBotDbContext>();
        using (await writeLock.AcquireAsync(ct))
            return await db.Database.ExecuteSqlAsync($"""
                INSERT INTO seen_requests (key, seen_at_ms) VALUES ({key}, {now})
                ON CONFLICT (key) DO UPDATE SET seen_at_ms = excluded.seen_at_ms WHERE seen_requests.seen_at_ms < {before}
                """, ct) == 1;
    }
}
