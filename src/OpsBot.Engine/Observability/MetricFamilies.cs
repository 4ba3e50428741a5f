using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace OpsBot.Observability;

// prometheus-net is not served by the registry here: these few types are the smallest correct piece of the
// Prometheus text exposition format OpsBot needs (counters, histograms, with labels).

public abstract class MetricFamily(string name, string help, string type, string[] labelNames)
{
    public string Name { get; } = name;
    protected string[] LabelNames { get; } = labelNames;

    public void WriteTo(StringBuilder output)
    {
        output.Append("# HELP ").Append(Name).Append(' ').Append(help).Append('\n');
        output.Append("# TYPE ").Append(Name).Append(' ').Append(type).Append('\n');
        WriteSamples(output);
    }

    protected abstract void WriteSamples(StringBuilder output);

    protected string LabelKey(string[] values)
    {
        if (values.Length != LabelNames.Length)
            throw new ArgumentException($"{Name} takes {LabelNames.Length} label values, got {values.Length}");
        return string.Join('\u001f', values);
    }

    protected string FormatLabels(string key, params (string Name, string Value)[] extra)
    {
        var values = LabelNames.Length == 0 ? [] : key.Split('\u001f');
        var pairs = LabelNames.Zip(values, (n, v) => (n, v)).Concat(extra).ToList();
        if (pairs.Count == 0) return "";
        return "{" + string.Join(',', pairs.Select(p => $"{p.Item1}=\"{Escape(p.Item2)}\"")) + "}";
    }

    protected static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}

public sealed class Counter(string name, string help, params string[] labelNames) : MetricFamily(name, help, "counter", labelNames)
{
    private readonly ConcurrentDictionary<string, StrongBox> _values = new();

    public void Inc(params string[] labelValues) => Add(1, labelValues);

    public void Add(long amount, params string[] labelValues) =>
        Interlocked.Add(ref _values.GetOrAdd(LabelKey(labelValues), _ => new StrongBox()).Value, amount);

    public long Get(params string[] labelValues) =>
        _values.TryGetValue(LabelKey(labelValues), out var box) ? Interlocked.Read(ref box.Value) : 0;

    protected override void WriteSamples(StringBuilder output)
    {
        // A counter without labels exists from the start, so a rate() over it sees its first increment.
        if (LabelNames.Length == 0 && _values.IsEmpty) output.Append(Name).Append(" 0\n");
        foreach (var (key, box) in _values.OrderBy(p => p.Key, StringComparer.Ordinal))
            output.Append(Name).Append(FormatLabels(key)).Append(' ').Append(Interlocked.Read(ref box.Value)).Append('\n');
    }

    private sealed class StrongBox { public long Value; }
}

public sealed class Histogram(string name, string help, double[] buckets, params string[] labelNames)
    : MetricFamily(name, help, "histogram", labelNames)
{
    public static readonly double[] LatencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly ConcurrentDictionary<string, Series> _series = new();

    public void Observe(double value, params string[] labelValues) =>
        _series.GetOrAdd(LabelKey(labelValues), _ => new Series(buckets.Length)).Observe(value, buckets);

    public long Count(params string[] labelValues) =>
        _series.TryGetValue(LabelKey(labelValues), out var s) ? s.Snapshot().Count : 0;

    protected override void WriteSamples(StringBuilder output)
    {
        foreach (var (key, series) in _series.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var (counts, sum, count) = series.Snapshot();
            long cumulative = 0;
            for (var i = 0; i < buckets.Length; i++)
            {
                cumulative += counts[i];
                output.Append(Name).Append("_bucket").Append(FormatLabels(key, ("le", Format(buckets[i])))).Append(' ').Append(cumulative).Append('\n');
            }
            output.Append(Name).Append("_bucket").Append(FormatLabels(key, ("le", "+Inf"))).Append(' ').Append(count).Append('\n');
            output.Append(Name).Append("_sum").Append(FormatLabels(key)).Append(' ').Append(Format(sum)).Append('\n');
            output.Append(Name).Append("_count").Append(FormatLabels(key)).Append(' ').Append(count).Append('\n');
        }
    }

    private sealed class Series(int bucketCount)
    {
        private readonly long[] _counts = new long[bucketCount];
        private double _sum;
        private long _count;

        public void Observe(double value, double[] bounds)
        {
            lock (this)
            {
                var index = Array.FindIndex(bounds, b => value <= b);
                if (index >= 0) _counts[index]++;
                _sum += value;
                _count++;
            }
        }

        public (long[] Counts, double Sum, long Count) Snapshot()
        {
            lock (this) return ((long[])_counts.Clone(), _sum, _count);
        }
    }
}
