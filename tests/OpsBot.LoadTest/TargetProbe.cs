using System.Diagnostics;
using System.Globalization;

namespace OpsBot.LoadTest;

/// <summary>
/// Readiness and OpsBot's dedupe progress, read over HTTP with deadlines (never fixed sleeps). With several replicas
/// each must be ready; dedupe outcomes (counted by whichever replica ran the stage) are added up, and the inbox
/// backlog, which every replica reads from the shared store, is the largest any of them reports.
/// </summary>
public sealed class TargetProbe(HttpClient http, IReadOnlyList<Uri> baseUrls, TargetKind target)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public TargetProbe(HttpClient http, Uri baseUrl, TargetKind target) : this(http, [baseUrl], target) { }

    public async Task WaitReadyAsync(TimeSpan timeout, Func<string?>? diedBecause = null)
    {
        foreach (var baseUrl in baseUrls) await WaitReadyAsync(baseUrl, timeout, diedBecause);
    }

    private async Task WaitReadyAsync(Uri baseUrl, TimeSpan timeout, Func<string?>? diedBecause)
    {
        var path = target == TargetKind.OpsBot ? "readyz" : "-/ready";
        var clock = Stopwatch.StartNew();
        string last = "no answer yet";
        while (clock.Elapsed < timeout)
        {
            if (diedBecause?.Invoke() is { } why) throw new InvalidOperationException($"{target} exited before it was ready: {why}");
            try
            {
                using var response = await http.GetAsync(new Uri(baseUrl, path));
                if (response.IsSuccessStatusCode) return;
                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException e) { last = e.Message; }
            await Task.Delay(PollInterval);
        }
        throw new TimeoutException($"{target} at {baseUrl} was not ready within {timeout.TotalSeconds:0} s ({last})");
    }

    /// <summary>Alerts that have passed dedupe, and alerts accepted but not yet deduped.</summary>
    public async Task<(long Deduped, long Pending)> ReadDedupeAsync()
    {
        long deduped = 0, pending = -1;
        foreach (var baseUrl in baseUrls)
        {
            var text = await http.GetStringAsync(new Uri(baseUrl, "metrics"));
            long replicaPending = -1;
            foreach (var line in text.Split('\n'))
            {
                if (line.StartsWith("opsbot_inbox_pending ", StringComparison.Ordinal)) replicaPending = Value(line);
                // "failed" deliveries stay in the inbox and come back, so they would be counted twice.
                else if (line.StartsWith("opsbot_dedupe_outcomes_total{", StringComparison.Ordinal) && !line.Contains("\"failed\"", StringComparison.Ordinal))
                    deduped += Value(line);
            }
            if (replicaPending < 0) throw new InvalidOperationException($"{baseUrl}metrics has no opsbot_inbox_pending");
            pending = Math.Max(pending, replicaPending);
        }
        return (deduped, pending);
    }

    /// <summary>Polls until the inbox is empty and the dedupe outcomes reach the expected sum; the time it took.</summary>
    public async Task<TimeSpan> WaitDrainedAsync(long expectedDeduped, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        (long Deduped, long Pending) last = (0, -1);
        while (clock.Elapsed < timeout)
        {
            last = await ReadDedupeAsync();
            if (last.Pending == 0 && last.Deduped >= expectedDeduped) return clock.Elapsed;
            await Task.Delay(PollInterval);
        }
        throw new TimeoutException(
            $"dedupe did not catch up within {timeout.TotalSeconds:0} s: pending {last.Pending}, deduped {last.Deduped} of {expectedDeduped}");
    }

    private static long Value(string line) =>
        (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
}
