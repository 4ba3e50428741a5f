using OpsBot.Reports;

namespace OpsBot.WebConsole;

/// <summary>
/// The report's charts as inline SVG: nothing to load, readable by screen readers (role, label, title) and by the browser
/// test (data-* attributes carry the exact figures, so it need not measure pixels).
/// </summary>
public static class ConsoleCharts
{
    public static readonly string[] Days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    public static string BarChart(IReadOnlyList<(string Label, int Value)> bars) => Write(h => BarChart(h, bars));

    public static string HeatMap(int[][]? pagesByHour) => Write(h => HeatMap(h, pagesByHour));

    public static string TrendChart(IReadOnlyList<WeekCount> weeks) => Write(h => TrendChart(h, weeks));

    internal static void BarChart(HtmlBuilder h, IReadOnlyList<(string Label, int Value)> bars)
    {
        const string name = "Top noisy alerts";
        if (bars.Count == 0) { NoData(h, "bar-chart", name); return; }
        // Stable sort: ties keep the report's order (notifications, then occurrences).
        var ordered = bars.OrderByDescending(b => b.Value).ToList();
        var max = Math.Max(1, ordered.Max(b => b.Value));
        const int labelWidth = 230, plot = 360, row = 24, width = labelWidth + plot + 50;
        var height = ordered.Count * row + 10;
        Svg(h, "bar-chart", $"{name}: " + string.Join(", ", ordered.Select(b => $"{b.Label} {b.Value}")), name, width, height);
        for (var i = 0; i < ordered.Count; i++)
        {
            var (label, value) = ordered[i];
            var y = 5 + i * row;
            var barWidth = Math.Round(Math.Max(0, value) * (double)plot / max, 2);
            h.Open("g", ("class", "bar"), ("data-alert", label), ("data-value", value), ("data-rank", i + 1));
            h.Element("title", $"{label}: {value}");
            h.Element("text", Shorten(label, 34), ("x", labelWidth - 6), ("y", y + 16), ("text-anchor", "end"));
            h.Empty("rect", ("x", labelWidth), ("y", y + 3), ("width", barWidth), ("height", row - 6), ("fill", "#f08c3a"));
            h.Element("text", value, ("x", labelWidth + barWidth + 5), ("y", y + 16));
            h.Close("g");
        }
        h.Close("svg");
    }

    internal static void HeatMap(HtmlBuilder h, int[][]? pagesByHour)
    {
        const string name = "Pages by hour of the week";
        if (pagesByHour is null || pagesByHour.Length == 0) { NoData(h, "heat-map", name); return; }
        // A short or ragged array counts missing cells as zero rather than drawing a broken grid.
        int At(int day, int hour) => day < pagesByHour.Length && pagesByHour[day] is { } d && hour < d.Length ? d[hour] : 0;
        var max = 0;
        var total = 0;
        for (var d = 0; d < 7; d++) for (var hr = 0; hr < 24; hr++) { max = Math.Max(max, At(d, hr)); total += Math.Max(0, At(d, hr)); }
        const int left = 38, top = 18, cell = 22;
        Svg(h, "heat-map", total == 0 ? $"{name}: no pages" : $"{name}: {total} pages, at most {max} in one hour", name,
            left + 24 * cell + 4, top + 7 * cell + 4);
        for (var hr = 0; hr < 24; hr += 3)
            h.Element("text", hr.ToString("00"), ("x", left + hr * cell + 2), ("y", top - 5), ("class", "hour-label"));
        for (var d = 0; d < 7; d++)
        {
            h.Element("text", Days[d], ("x", 2), ("y", top + d * cell + 15), ("class", "day-label"));
            for (var hr = 0; hr < 24; hr++)
            {
                var value = At(d, hr);
                h.Open("rect", ("class", "cell"), ("x", left + hr * cell), ("y", top + d * cell), ("width", cell - 2), ("height", cell - 2),
                    ("fill", Shade(value, max)), ("data-day", d), ("data-day-name", Days[d]), ("data-hour", hr), ("data-value", value));
                h.Element("title", $"{Days[d]} {hr:00}:00–{hr:00}:59: {value} page{(value == 1 ? "" : "s")}").Close("rect");
            }
        }
        h.Close("svg");
    }

    internal static void TrendChart(HtmlBuilder h, IReadOnlyList<WeekCount> weeks)
    {
        const string name = "Week over week";
        if (weeks.Count == 0) { NoData(h, "trend-chart", name); return; }
        var max = Math.Max(1, weeks.Max(w => Math.Max(w.Occurrences, w.Pages)));
        const int plot = 160, top = 10, group = 46, bar = 18;
        var width = 30 + weeks.Count * group;
        Svg(h, "trend-chart", $"{name}: " + string.Join(", ", weeks.Select(w => $"{w.Week} {w.Occurrences} occurrences {w.Pages} pages")), name,
            width, top + plot + 34);
        h.Empty("line", ("x1", 20), ("y1", top + plot), ("x2", width), ("y2", top + plot), ("stroke", "#9aa5b4"));
        for (var i = 0; i < weeks.Count; i++)
        {
            var w = weeks[i];
            var x = 24 + i * group;
            h.Open("g", ("class", "week"), ("data-week", w.Week), ("data-occurrences", w.Occurrences), ("data-pages", w.Pages));
            h.Element("title", $"{w.Week}: {w.Occurrences} occurrences, {w.Pages} pages");
            TrendBar(h, "occurrences", w.Occurrences, x, bar, max, plot, top, "#5b7db1");
            TrendBar(h, "pages", w.Pages, x + bar + 2, bar, max, plot, top, "#b3261e");
            h.Element("text", WeekLabel(w.Week), ("x", x + bar), ("y", top + plot + 14), ("text-anchor", "middle"));
            h.Close("g");
        }
        h.Element("text", "■ occurrences", ("x", 24), ("y", top + plot + 30), ("fill", "#5b7db1"));
        h.Element("text", "■ pages", ("x", 120), ("y", top + plot + 30), ("fill", "#b3261e"));
        h.Close("svg");
    }

    private static void TrendBar(HtmlBuilder h, string series, int value, int x, int width, int max, int plot, int top, string fill)
    {
        var height = Math.Round(Math.Max(0, value) * (double)plot / max, 2);
        h.Empty("rect", ("class", series), ("data-series", series), ("data-value", value), ("x", x), ("y", top + plot - height),
            ("width", width), ("height", height), ("fill", fill));
    }

    private static void NoData(HtmlBuilder h, string kind, string name)
    {
        Svg(h, kind, $"{name}: no data", name + ": no data", 320, 60, empty: true);
        h.Empty("rect", ("x", 1), ("y", 1), ("width", 318), ("height", 58), ("fill", "none"), ("stroke", "#dde2e8"));
        h.Element("text", "No data", ("x", 160), ("y", 34), ("text-anchor", "middle"), ("class", "no-data"));
        h.Close("svg");
    }

    private static void Svg(HtmlBuilder h, string kind, string label, string title, int width, int height, bool empty = false) =>
        h.Open("svg", ("xmlns", "http://www.w3.org/2000/svg"), ("class", $"chart {kind}"), ("role", "img"), ("aria-label", label),
                ("width", width), ("height", height), ("viewBox", $"0 0 {width} {height}"), ("data-chart", kind), ("data-empty", empty ? "true" : null))
            .Element("title", title);

    /// <summary>White for none, then deeper red with the count, so the busiest hour is the darkest cell.</summary>
    internal static string Shade(int value, int max)
    {
        if (value <= 0 || max <= 0) return "#f1f3f6";
        var t = 0.2 + 0.8 * Math.Min(1.0, (double)value / max);
        int Mix(int from, int to) => (int)Math.Round(from + (to - from) * t);
        return $"#{Mix(0xfd, 0xb3):x2}{Mix(0xe0, 0x26):x2}{Mix(0xd0, 0x1e):x2}";
    }

    private static string WeekLabel(string isoWeek) => isoWeek.Length > 5 && isoWeek.Contains("-W", StringComparison.Ordinal) ? isoWeek[5..] : isoWeek;

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static string Write(Action<HtmlBuilder> draw)
    {
        var h = new HtmlBuilder();
        draw(h);
        return h.ToString();
    }
}
