using System.Collections.Concurrent;

namespace OpsBot.Chat.Inbound;

/// <summary>
/// Remembers the signed requests (Slack signatures, Discord interaction ids) seen recently, so a captured request
/// sent again within the signature's validity is refused instead of run twice.
/// </summary>
public sealed class ReplayGuard(TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new();

    /// <returns>False when <paramref name="key"/> was seen within the window.</returns>
    public bool FirstTime(string key)
    {
        var now = clock.GetUtcNow();
        if (_seen.Count > 10_000) Forget(now);
        if (_seen.TryAdd(key, now)) return true;
        if (_seen.TryGetValue(key, out var at) && now - at > Window) return _seen.TryUpdate(key, now, at);
        return false;
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (key, at) in _seen)
            if (now - at > Window) _seen.TryRemove(key, out _);
    }
}
