using System.Diagnostics;
using System.Globalization;

namespace OpsBot.LoadTest;

/// <summary>What one run measured. Latencies are Stopwatch ticks: open-loop runs measure from the scheduled send time.</summary>
public sealed class RunResult
{
    public required string Label { get; init; }
    public required long AcceptedAlerts { get; init; }
    public required long Requests { get; init; }
    public required TimeSpan Elapsed { get; init; }
    public required long[] SortedLatencies { get; init; }
    public required IReadOnlyDictionary<string, long> Errors { get; init; }
    /// <summary>After the last answer, until every accepted alert had passed dedupe (OpsBot only).</summary>
    public TimeSpan? Drain { get; set; }
    public long? RssKb { get; set; }
    public long? PeakRssKb { get; set; }
    /// <summary>CPU the server used from the first request until drained: what the alerts cost it.</summary>
    public double? ServerCpuSeconds { get; set; }

    public double AcceptedPerSecond => AcceptedAlerts / Elapsed.TotalSeconds;
    /// <summary>Accepted alerts over send time plus drain: the rate the whole pipeline sustains.</summary>
    public double? EndToEndPerSecond => Drain is { } drain ? AcceptedAlerts / (Elapsed + drain).TotalSeconds : null;

    public double PercentileMs(double p)
    {
        if (SortedLatencies.Length == 0) return double.NaN;
        var index = (int)Math.Ceiling(p / 100 * SortedLatencies.Length) - 1;
        return Ms(SortedLatencies[Math.Clamp(index, 0, SortedLatencies.Length - 1)]);
    }

    public double MaxMs => SortedLatencies.Length == 0 ? double.NaN : Ms(SortedLatencies[^1]);

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    public string ErrorsText => Errors.Count == 0 ? "none" : string.Join(", ", Errors.OrderBy(e => e.Key).Select(e => $"{e.Key}×{e.Value}"));

    public void Print(TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"[{Label}] accepted {AcceptedAlerts} alerts in {Requests} requests over {Elapsed.TotalSeconds:0.0} s = {AcceptedPerSecond:0} alerts/s"));
        output.WriteLine(string.Create(c, $"[{Label}] answer latency p50 {PercentileMs(50):0.00} ms, p99 {PercentileMs(99):0.00} ms, max {MaxMs:0.00} ms; errors: {ErrorsText}"));
        if (Drain is { } drain)
            output.WriteLine(string.Create(c, $"[{Label}] all accepted alerts passed dedupe {drain.TotalSeconds:0.00} s after the last answer; end-to-end {EndToEndPerSecond:0} alerts/s"));
        if (ServerCpuSeconds is { } cpu)
            output.WriteLine(string.Create(c, $"[{Label}] server CPU {cpu:0.0} s = {cpu * 1000 / Math.Max(1, AcceptedAlerts) * 1000:0} µs per alert"));
        if (RssKb is { } rss)
            output.WriteLine(string.Create(c, $"[{Label}] resident memory VmRSS {rss / 1024.0:0.0} MB (peak VmHWM {(PeakRssKb ?? 0) / 1024.0:0.0} MB)"));
    }
}
