using System.Globalization;
using System.Text.RegularExpressions;
using OpsBot.Reports;
using OpsBot.WebConsole;

namespace OpsBot.Tests.WebConsole;

public partial class ConsoleChartsTests
{
    [Fact]
    public void Bars_are_ordered_by_value_and_scaled_to_the_largest()
    {
        var svg = ConsoleCharts.BarChart([("Small", 10), ("Big", 40), ("Middle", 20)]);

        Assert.Equal(["Big", "Middle", "Small"], Attributes(svg, "data-alert"));
        Assert.Equal(["40", "20", "10"], Attributes(svg, "data-value"));
        var widths = BarWidths().Matches(svg).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, widths.Count);
        Assert.Equal(widths[0] / 2, widths[1], 2);
        Assert.Equal(widths[0] / 4, widths[2], 2);
        AssertAccessible(svg);
    }

    [Fact]
    public void Heat_map_has_168_cells_with_their_counts()
    {
        var svg = ConsoleCharts.HeatMap(ConsoleSamples.Hours((d, h) => d * 100 + h));

        var cells = Cell().Matches(svg).ToList();
        Assert.Equal(168, cells.Count);
        Assert.Contains(cells, c => c.Groups["day"].Value == "0" && c.Groups["hour"].Value == "0" && c.Groups["value"].Value == "0");
        Assert.Contains(cells, c => c.Groups["day"].Value == "6" && c.Groups["hour"].Value == "23" && c.Groups["value"].Value == "623");
        Assert.Contains(cells, c => c.Groups["day"].Value == "2" && c.Groups["hour"].Value == "14" && c.Groups["value"].Value == "214");
        Assert.Contains(">Mon<", svg);
        Assert.Contains(">Sun<", svg);
        AssertAccessible(svg);
    }

    [Fact]
    public void Heat_map_is_darkest_where_most_pages_were()
    {
        Assert.Equal("#f1f3f6", ConsoleCharts.Shade(0, 5));
        Assert.Equal("#b3261e", ConsoleCharts.Shade(5, 5));
        Assert.NotEqual(ConsoleCharts.Shade(1, 5), ConsoleCharts.Shade(4, 5));
    }

    [Fact]
    public void A_short_heat_map_array_counts_missing_hours_as_zero()
    {
        var svg = ConsoleCharts.HeatMap([[1, 2], [3]]);

        Assert.Equal(168, Cell().Matches(svg).Count);
        Assert.Contains("data-day=\"1\" data-day-name=\"Tue\" data-hour=\"0\" data-value=\"3\"", svg);
    }

    [Fact]
    public void Trend_has_a_group_per_week_with_both_series()
    {
        var svg = ConsoleCharts.TrendChart([new WeekCount("2026-W47", 40, 4), new WeekCount("2026-W48", 60, 6)]);

        Assert.Equal(["2026-W47", "2026-W48"], Attributes(svg, "data-week"));
        Assert.Contains("data-series=\"occurrences\" data-value=\"60\"", svg);
        Assert.Contains("data-series=\"pages\" data-value=\"4\"", svg);
        Assert.Contains(">W48<", svg);
        AssertAccessible(svg);
    }

    [Fact]
    public void Empty_data_draws_a_no_data_chart()
    {
        foreach (var svg in new[] { ConsoleCharts.BarChart([]), ConsoleCharts.HeatMap([]), ConsoleCharts.HeatMap(null), ConsoleCharts.TrendChart([]) })
        {
            Assert.Contains("data-empty=\"true\"", svg);
            Assert.Contains(">No data<", svg);
            Assert.EndsWith("</svg>", svg);
            AssertAccessible(svg);
        }
    }

    [Fact]
    public void Alert_names_are_encoded_in_the_chart()
    {
        var svg = ConsoleCharts.BarChart([("<script>alert(\"x\")</script>", 3)]);

        Assert.DoesNotContain("<script", svg);
        Assert.Contains("data-alert=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;\"", svg);
    }

    internal static void AssertAccessible(string svg)
    {
        Assert.StartsWith("<svg", svg);
        Assert.Contains("role=\"img\"", svg);
        Assert.Matches("aria-label=\"[^\"]+\"", svg);
        Assert.Contains("<title>", svg);
        Assert.Equal(Regex.Matches(svg, "<svg").Count, Regex.Matches(svg, "</svg>").Count);
    }

    private static List<string> Attributes(string html, string name) =>
        Regex.Matches(html, $"<g [^>]*{name}=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("<rect x=\"230\" y=\"[^\"]+\" width=\"([^\"]+)\"")]
    private static partial Regex BarWidths();

    [GeneratedRegex("class=\"cell\"[^>]*data-day=\"(?<day>\\d)\"[^>]*data-hour=\"(?<hour>\\d+)\" data-value=\"(?<value>\\d+)\"")]
    private static partial Regex Cell();
}
