using System.Diagnostics;

namespace OpsBot.Tests.Integration;

/// <summary>Waits for a condition with a deadline instead of sleeping a fixed time.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(20);

    public static async Task Async(Func<Task<bool>> condition, string what, TimeSpan? deadline = null)
    {
        var limit = deadline ?? DefaultDeadline;
        var watch = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (HttpRequestException) { /* the server may still be starting */ }
            if (watch.Elapsed > limit) throw new TimeoutException($"'{what}' did not happen within {limit.TotalSeconds:0} s");
            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
        }
    }

    public static Task True(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        Async(() => Task.FromResult(condition()), what, deadline);
}
