using System.Collections.Concurrent;

namespace OpsBot.Notify.Delivery;

/// <summary>Wakes a platform's delivery worker when work is queued for it, instead of it polling the table constantly.</summary>
public sealed class ChatDeliverySignal
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _wakeups = new();

    public void Wake(string platform)
    {
        // One pending wake-up is enough: the worker drains everything queued when it runs.
        try { Gate(platform).Release(); }
        catch (SemaphoreFullException) { }
    }

    /// <returns>False when <paramref name="timeout"/> passed without a wake-up.</returns>
    public Task<bool> WaitAsync(string platform, TimeSpan timeout, CancellationToken ct) => Gate(platform).WaitAsync(timeout, ct);

    private SemaphoreSlim Gate(string platform) => _wakeups.GetOrAdd(platform, _ => new SemaphoreSlim(0, 1));
}
