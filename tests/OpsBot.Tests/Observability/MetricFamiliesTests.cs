using System.Text;
using OpsBot.Observability;

namespace OpsBot.Tests.Observability;

public sealed class MetricFamiliesTests
{
    private static string Render(MetricFamily family)
    {
        var output = new StringBuilder();
        family.WriteTo(output);
        return output.ToString();
    }

    [Fact]
    public void Counter_WritesHelpTypeAndSortedSamples()
    {
        var counter = new Counter("opsbot_test_total", "Things counted.", "source", "outcome");
        counter.Add(3, "pd", "ignored");
        counter.Inc("am", "accepted");
        counter.Inc("am", "accepted");

        Assert.Equal(
            "# HELP opsbot_test_total Things counted.\n" +
            "# TYPE opsbot_test_total counter\n" +
            "opsbot_test_total{source=\"am\",outcome=\"accepted\"} 2\n" +
            "opsbot_test_total{source=\"pd\",outcome=\"ignored\"} 3\n",
            Render(counter));
        Assert.Equal(2, counter.Get("am", "accepted"));
        Assert.Equal(0, counter.Get("am", "never"));
    }

    [Fact]
    public void Counter_WithoutLabels_HasNoBraces()
    {
        var counter = new Counter("opsbot_plain_total", "Plain.");
        counter.Add(5);

        Assert.EndsWith("\nopsbot_plain_total 5\n", Render(counter));
        Assert.Equal(5, counter.Get());
    }

    [Fact]
    public void Counter_NothingCounted_WritesOnlyHeader()
    {
        Assert.Equal("# HELP c_total H.\n# TYPE c_total counter\n", Render(new Counter("c_total", "H.", "l")));
    }

    [Theory]
    [InlineData("say \"hi\"", "say \\\"hi\\\"")]
    [InlineData(@"C:\temp", @"C:\\temp")]
    [InlineData("line1\nline2", "line1\\nline2")]
    [InlineData("\\\"\n", "\\\\\\\"\\n")]
    [InlineData("", "")]
    [InlineData("plain", "plain")]
    public void Counter_EscapesLabelValues(string value, string escaped)
    {
        var counter = new Counter("c_total", "H.", "reason");
        counter.Inc(value);

        Assert.Contains($"c_total{{reason=\"{escaped}\"}} 1\n", Render(counter));
    }

    [Fact]
    public void Histogram_WritesCumulativeBucketsInfSumAndCount()
    {
        var histogram = new Histogram("opsbot_test_seconds", "Durations.", [0.25, 0.5, 1], "stage");
        foreach (var value in new[] { 0.125, 0.25, 0.5, 0.75, 4 }) histogram.Observe(value, "ingest");

        Assert.Equal(
            "# HELP opsbot_test_seconds Durations.\n" +
            "# TYPE opsbot_test_seconds histogram\n" +
            "opsbot_test_seconds_bucket{stage=\"ingest\",le=\"0.25\"} 2\n" +   // upper bounds are inclusive
            "opsbot_test_seconds_bucket{stage=\"ingest\",le=\"0.5\"} 3\n" +
            "opsbot_test_seconds_bucket{stage=\"ingest\",le=\"1\"} 4\n" +
            "opsbot_test_seconds_bucket{stage=\"ingest\",le=\"+Inf\"} 5\n" +
            "opsbot_test_seconds_sum{stage=\"ingest\"} 5.625\n" +
            "opsbot_test_seconds_count{stage=\"ingest\"} 5\n",
            Render(histogram));
        Assert.Equal(5, histogram.Count("ingest"));
        Assert.Equal(0, histogram.Count("dedupe"));
    }

    [Fact]
    public void Histogram_WithoutLabels_OnlyLeOnBuckets()
    {
        var histogram = new Histogram("h_seconds", "H.", [1]);
        histogram.Observe(2);

        Assert.Equal(
            "# HELP h_seconds H.\n# TYPE h_seconds histogram\n" +
            "h_seconds_bucket{le=\"1\"} 0\nh_seconds_bucket{le=\"+Inf\"} 1\nh_seconds_sum 2\nh_seconds_count 1\n",
            Render(histogram));
    }

    [Fact]
    public void Histogram_SeriesAreSeparateAndEscaped()
    {
        var histogram = new Histogram("h_seconds", "H.", [1], "stage");
        histogram.Observe(0.5, "a\"b");
        histogram.Observe(0.5, "dedupe");
        histogram.Observe(0.5, "dedupe");

        var text = Render(histogram);

        Assert.Contains("h_seconds_bucket{stage=\"a\\\"b\",le=\"1\"} 1\n", text);
        Assert.Contains("h_seconds_count{stage=\"dedupe\"} 2\n", text);
        Assert.True(text.IndexOf("stage=\"a", StringComparison.Ordinal) < text.IndexOf("stage=\"dedupe\"", StringComparison.Ordinal));
    }

    [Fact]
    public void WrongNumberOfLabelValues_Throws()
    {
        var counter = new Counter("c_total", "H.", "source", "outcome");
        var histogram = new Histogram("h_seconds", "H.", [1], "stage");

        Assert.Throws<ArgumentException>(() => counter.Inc("only-one"));
        Assert.Throws<ArgumentException>(() => counter.Add(1, "a", "b", "c"));
        Assert.Throws<ArgumentException>(() => counter.Get());
        Assert.Throws<ArgumentException>(() => histogram.Observe(1));
        Assert.Throws<ArgumentException>(() => histogram.Observe(1, "a", "b"));
        Assert.Throws<ArgumentException>(() => new Counter("plain_total", "H.").Inc("unexpected"));
    }

    [Fact]
    public void OpsBotMetrics_HaveDistinctValidNamesAndAscendingLatencyBuckets()
    {
        var metrics = new OpsBotMetrics();
        var names = metrics.All.Select(m => m.Name).ToList();

        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Contains("opsbot_inbox_replayed_total", names);
        Assert.All(names, n => Assert.Matches("^opsbot_[a-z_]+$", n));
        Assert.Equal(Histogram.LatencyBuckets.Order(), Histogram.LatencyBuckets);
        Assert.Equal(Histogram.LatencyBuckets.Length, Histogram.LatencyBuckets.Distinct().Count());
    }

    [Fact]
    public void OpsBotMetrics_StageDurationExposesEveryLatencyBucket()
    {
        var metrics = new OpsBotMetrics();
        metrics.StageDuration.Observe(0.003, "ingest");

        var text = Render(metrics.StageDuration);

        Assert.Contains("opsbot_stage_duration_seconds_bucket{stage=\"ingest\",le=\"0.0025\"} 0\n", text);
        Assert.Contains("opsbot_stage_duration_seconds_bucket{stage=\"ingest\",le=\"0.005\"} 1\n", text);
        Assert.Contains("opsbot_stage_duration_seconds_bucket{stage=\"ingest\",le=\"30\"} 1\n", text);
        Assert.Equal(Histogram.LatencyBuckets.Length + 1, text.Split('\n').Count(l => l.Contains("_bucket{")));
    }
}
