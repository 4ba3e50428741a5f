using System.Diagnostics;
using System.Globalization;

namespace OpsBot.LoadTest;

/// <summary>
/// Webhook to chat post, read from a fake-slack's /arrivals: for every alert of the run, the time from sending its
/// accepted webhook to the arrival of its card's chat.postMessage (both wall clock on this machine).
/// </summary>
public sealed class ChatLatency(HttpClient http, Uri standIn)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    /// <summary>Slack posts are paced at one per second per channel; a longer gap means OpsBot's chat queue is empty.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);

    public async Task WaitQuietAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var (posts, last, _) = await ReadAsync();
            if (posts == 0 || LoadRunner.UnixMs() - last >= Quiet.TotalMilliseconds) return;
            await Task.Delay(PollInterval);
        }
        Console.WriteLine($"warning: chat posts kept arriving for {timeout.TotalSeconds:0} s before the run; its chat latency includes that queue");
    }

    public async Task<Result> MeasureAsync(IReadOnlyDictionary<long, double> sentAt, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        Dictionary<string, double> arrivals;
        while (true)
        {
            arrivals = (await ReadAsync()).Arrivals;
            if (sentAt.Keys.All(i => arrivals.ContainsKey($"host-{i}")) || clock.Elapsed >= timeout) break;
            await Task.Delay(PollInterval);
        }
        var latencies = sentAt.Where(p => arrivals.ContainsKey($"host-{p.Key}"))
            .Select(p => arrivals[$"host-{p.Key}"] - p.Value).Order().ToArray();
        return new Result(latencies, sentAt.Count - latencies.Length, clock.Elapsed);
    }

    private async Task<(long Posts, double LastPost, Dictionary<string, double> Arrivals)> ReadAsync()
    {
        var text = await http.GetStringAsync(new Uri(standIn, "arrivals"));
        long posts = 0;
        double last = 0;
        var arrivals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ');
            if (line.StartsWith('#'))
            {
                posts = long.Parse(f[2], CultureInfo.InvariantCulture);
                last = double.Parse(f[6], CultureInfo.InvariantCulture);
            }
            else arrivals[f[0]] = double.Parse(f[1], CultureInfo.InvariantCulture);
        }
        return (posts, last, arrivals);
    }

    public sealed record Result(double[] SortedMs, int Missing, TimeSpan Waited)
    {
        public double Percentile(double p) =>
            SortedMs.Length == 0 ? double.NaN : SortedMs[Math.Clamp((int)Math.Ceiling(p / 100 * SortedMs.Length) - 1, 0, SortedMs.Length - 1)];

        public void Print(TextWriter output, string label)
        {
            var c = CultureInfo.InvariantCulture;
            var max = SortedMs.Length == 0 ? double.NaN : SortedMs[^1];
            var missing = Missing > 0 ? string.Create(c, $"; {Missing} not posted within {Waited.TotalSeconds:0} s") : "";
            output.WriteLine(string.Create(c,
                $"[{label}] webhook to chat post (card): {SortedMs.Length} of {SortedMs.Length + Missing} posted; p50 {Percentile(50):0.0} ms, p90 {Percentile(90):0.0} ms, p99 {Percentile(99):0.0} ms, max {max:0.0} ms{missing}"));
        }
    }
}
