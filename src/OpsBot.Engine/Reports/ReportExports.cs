using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpsBot.Reports;

/// <summary>The report as CSV, JSON and a chat summary: the same figures, durations in minutes, invariant culture.</summary>
public static class ReportExports
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new MinutesConverter() },
    };

    private static readonly string[] Header =
    [
        "team", "week", "alert", "owner", "occurrences", "previous_occurrences", "notifications", "pages", "pages_business_hours",
        "pages_off_hours", "pages_sleep_hours", "mtta_minutes", "mttr_minutes", "self_resolved", "never_acknowledged",
        "flapping_episodes", "silenced", "deferred", "fix_dry_run", "fix_succeeded", "fix_failed", "fix_refused", "has_runbook",
        "top_host", "top_host_pages", "suggestions",
    ];

    /// <summary>One row per alert after a header row; RFC 4180 (CRLF, quoted where needed).</summary>
    public static string Csv(WeeklyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        Row(csv, Header);
        foreach (var a in report.Alerts)
        {
            var kinds = string.Join(" ", report.Suggestions.Where(s => s.AlertName == a.AlertName).Select(s => s.Kind).Distinct());
            Row(csv,
            [
                report.Team, report.Week, a.AlertName, a.Owner, N(a.Occurrences), N(a.PreviousOccurrences), N(a.Notifications), N(a.Pages),
                N(a.PagesBusinessHours), N(a.PagesOffHours), N(a.PagesSleepHours), Minutes(a.MeanTimeToAcknowledge),
                Minutes(a.MeanTimeToResolve), N(a.SelfResolved), N(a.NeverAcknowledged), N(a.FlappingEpisodes), N(a.Silenced),
                N(a.Deferred), N(a.Fixes.DryRun), N(a.Fixes.Succeeded), N(a.Fixes.Failed), N(a.Fixes.Refused),
                a.HasRunbook ? "true" : "false", a.TopHost ?? "", N(a.TopHostPages), kinds,
            ]);
        }
        return csv.ToString();
    }

    /// <summary>camelCase JSON; every duration is a number of minutes (null when there was nothing to measure).</summary>
    public static string Json(WeeklyReport report) => JsonSerializer.Serialize(report, JsonOptions);

    public static WeeklyReport FromJson(string json) =>
        JsonSerializer.Deserialize<WeeklyReport>(json, JsonOptions) ?? throw new JsonException("the report is JSON null");

    /// <summary>A few lines for chat: totals with the change against last week, the five noisiest alerts with a suggestion each, and the link.</summary>
    public static string ChatSummary(WeeklyReport report, string? link)
    {
        ArgumentNullException.ThrowIfNull(report);
        var (t, p) = (report.Totals, report.PreviousTotals);
        var text = new StringBuilder();
        text.Append(Inv, $"Weekly alert report for {report.Team}, {report.Week} ({report.TimeZone})\n");
        text.Append(Inv, $"Alerts: {t.Alerts} ({Change(t.Alerts, p.Alerts)}), occurrences: {t.Occurrences} ({Change(t.Occurrences, p.Occurrences)}), ");
        text.Append(Inv, $"pages: {t.Pages} ({Change(t.Pages, p.Pages)} vs last week)\n");
        text.Append(Inv, $"Pages: {t.PagesBusinessHours} in business hours, {t.PagesOffHours} off hours, {t.PagesSleepHours} in sleep hours\n");
        text.Append(Inv, $"MTTA: {Readable(t.MeanTimeToAcknowledge)}, MTTR: {Readable(t.MeanTimeToResolve)}; ");
        text.Append(Inv, $"self-resolved: {t.SelfResolved}, never acknowledged: {t.NeverAcknowledged}, flapping: {t.FlappingEpisodes}\n");
        if (t.Fixes != new FixFigures(0, 0, 0, 0))
            text.Append(Inv, $"Fixes: {t.Fixes.DryRun} dry runs, {t.Fixes.Succeeded} succeeded, {t.Fixes.Failed} failed, {t.Fixes.Refused} refused\n");
        var top = report.Alerts.Take(5).ToList();
        if (top.Count > 0) text.Append("Noisiest alerts:\n");
        for (var i = 0; i < top.Count; i++)
        {
            var a = top[i];
            text.Append(Inv, $"{i + 1}. {a.AlertName} ({a.Owner}): {a.Occurrences} occurrences, {a.Notifications} notifications, {a.Pages} pages");
            if (report.Suggestions.FirstOrDefault(s => s.AlertName == a.AlertName) is { } s) text.Append(Inv, $" → {s.Text} ({s.Because})");
            text.Append('\n');
        }
        if (top.Count == 0) text.Append("No alerts this week.\n");
        if (!string.IsNullOrWhiteSpace(link)) text.Append(Inv, $"Full report: {link}\n");
        return text.ToString().TrimEnd('\n');
    }

    /// <summary>"+3", "−2" (minus sign) or "±0".</summary>
    internal static string Change(int now, int before) => (now - before) switch
    {
        > 0 and var d => "+" + d.ToString(Inv),
        < 0 and var d => "\u2212" + (-d).ToString(Inv),
        _ => "\u00b10",
    };

    private static string Readable(TimeSpan? span) => span is { } s ? ReportSuggestions.Minutes(s).Replace("minutes", "min", StringComparison.Ordinal) : "n/a";

    private static string N(int value) => value.ToString(Inv);

    private static string Minutes(TimeSpan? span) => span is { } s ? Math.Round(s.TotalMinutes, 2).ToString("0.##", Inv) : "";

    private static void Row(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(Quote));
        csv.Append("\r\n");
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>TimeSpan as minutes; read back to the nearest tick.</summary>
    private sealed class MinutesConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TimeSpan.FromTicks((long)Math.Round(reader.GetDouble() * TimeSpan.TicksPerMinute));

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value.TotalMinutes);
    }
}
