using OpsBot.Reports;

namespace OpsBot.WebConsole;

public static partial class ConsolePages
{
    /// <summary>How many alerts the bar chart shows; the table below lists them all.</summary>
    public const int TopAlerts = 10;

    /// <param name="now">When given, the next-week link is left out while this week is still running.</param>
    public static string ReportPage(WeeklyReport r, string csvLink, string jsonLink, DateTimeOffset? now = null) =>
        ConsoleLayout.Page($"Weekly report: {r.Team}, {r.Week}", "reports", h =>
        {
            h.Open("p", ("class", "report-header"), ("data-team", r.Team), ("data-week", r.Week))
                .Text($"Team {r.Team} · week {r.Week} · {r.TimeZone} · from {Figures.Time(r.From)} to {Figures.Time(r.To)}").Close("p");
            h.Open("div", ("class", "pager"));
            if (Neighbour(r.Week, -1) is { } prev) h.Link(ReportHref(r.Team, prev), $"← {prev}", ("rel", "prev"));
            if (Neighbour(r.Week, 1) is { } next && (now is null || r.To <= now)) h.Link(ReportHref(r.Team, next), $"{next} →", ("rel", "next"));
            h.Link(csvLink, "Download CSV", ("data-export", "csv")).Link(jsonLink, "Download JSON", ("data-export", "json"));
            h.Close("div");

            h.Element("h2", "Totals");
            Totals(h, r.Totals, r.PreviousTotals);

            h.Element("h2", "Charts");
            h.Open("div", ("class", "charts"));
            Figure(h, "Top noisy alerts (notifications)", x => ConsoleCharts.BarChart(x,
                r.Alerts.Take(TopAlerts).Select(a => (a.AlertName, a.Notifications)).ToList()));
            Figure(h, "Pages by hour of the week", x => ConsoleCharts.HeatMap(x, r.PagesByHour));
            Figure(h, "Week over week", x => ConsoleCharts.TrendChart(x, r.Trend));
            h.Close("div");

            h.Element("h2", "Alerts");
            AlertTable(h, r.Alerts);

            h.Element("h2", "Suggestions");
            if (r.Suggestions.Count == 0) h.Element("p", "No suggestions this week.", ("class", "muted"));
            foreach (var s in r.Suggestions)
            {
                h.Open("div", ("class", "suggestion"), ("data-alert", s.AlertName), ("data-kind", s.Kind));
                h.Open("p").Element("strong", s.AlertName).Text($" · {s.Kind}: {s.Text}").Close("p");
                h.Open("p", ("class", "because")).Element("em", "Because: ").Text(s.Because).Close("p");
                h.Close("div");
            }
        });

    public static string ReportHref(string team, string week) => $"/console/reports/{Uri.EscapeDataString(team)}/{Uri.EscapeDataString(week)}";

    /// <summary>Null rather than a broken link for a week name the report engine would not read back.</summary>
    private static string? Neighbour(string isoWeek, int delta)
    {
        try { return delta < 0 ? ReportWeek.Previous(isoWeek) : ReportWeek.Next(isoWeek); }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException) { return null; }
    }

    private static void Figure(HtmlBuilder h, string caption, Action<HtmlBuilder> chart)
    {
        h.Open("figure").Element("figcaption", caption);
        chart(h);
        h.Close("figure");
    }

    private static void Totals(HtmlBuilder h, TeamFigures t, TeamFigures p)
    {
        h.Open("table", ("class", "totals")).Open("thead").Open("tr");
        foreach (var column in new[] { "Figure", "This week", "Previous week", "Change" }) h.Element("th", column);
        h.Close("tr").Close("thead").Open("tbody");
        void Row(string key, string name, int now, int before) =>
            h.Open("tr", ("data-figure", key)).Element("th", name)
                .Element("td", now, ("class", "num"), ("data-value", now)).Element("td", before, ("class", "num"), ("data-previous", before))
                .Element("td", Figures.Change(now, before), ("class", "num " + Figures.ChangeClass(now, before))).Close("tr");
        void Span(string key, string name, TimeSpan? now, TimeSpan? before) =>
            h.Open("tr", ("data-figure", key)).Element("th", name)
                .Element("td", Figures.Duration(now), ("class", "num"), ("data-seconds", now?.TotalSeconds))
                .Element("td", Figures.Duration(before), ("class", "num")).Element("td", Figures.Change(now, before), ("class", "num")).Close("tr");
        Row("alerts", "Alerts", t.Alerts, p.Alerts);
        Row("occurrences", "Occurrences", t.Occurrences, p.Occurrences);
        Row("notifications", "Notifications", t.Notifications, p.Notifications);
        Row("pages", "Pages", t.Pages, p.Pages);
        Row("pages-business-hours", "Pages in business hours", t.PagesBusinessHours, p.PagesBusinessHours);
        Row("pages-off-hours", "Pages off hours", t.PagesOffHours, p.PagesOffHours);
        Row("pages-sleep-hours", "Pages in sleep hours", t.PagesSleepHours, p.PagesSleepHours);
        Span("mtta", "Mean time to acknowledge", t.MeanTimeToAcknowledge, p.MeanTimeToAcknowledge);
        Span("mttr", "Mean time to resolve", t.MeanTimeToResolve, p.MeanTimeToResolve);
        Row("self-resolved", "Resolved by themselves", t.SelfResolved, p.SelfResolved);
        Row("never-acknowledged", "Never acknowledged", t.NeverAcknowledged, p.NeverAcknowledged);
        Row("flapping-episodes", "Flapping episodes", t.FlappingEpisodes, p.FlappingEpisodes);
        Row("silenced", "Silenced", t.Silenced, p.Silenced);
        Row("deferred", "Deferred to the digest", t.Deferred, p.Deferred);
        Row("fixes-dry-run", "Fixes: would have run (dry run)", t.Fixes.DryRun, p.Fixes.DryRun);
        Row("fixes-succeeded", "Fixes: succeeded", t.Fixes.Succeeded, p.Fixes.Succeeded);
        Row("fixes-failed", "Fixes: failed", t.Fixes.Failed, p.Fixes.Failed);
        Row("fixes-refused", "Fixes: refused by a guard", t.Fixes.Refused, p.Fixes.Refused);
        h.Close("tbody").Close("table");
    }

    private static readonly string[] AlertColumns =
    [
        "Alert", "Owner", "Occurrences", "Previous week", "Notifications", "Pages", "Business hours", "Off hours", "Sleep hours", "MTTA", "MTTR",
        "Self-resolved", "Never acked", "Flapping", "Silenced", "Deferred", "Fixes dry-run", "Fixes ok", "Fixes failed", "Fixes refused",
        "Runbook", "Top host",
    ];

    private static void AlertTable(HtmlBuilder h, IReadOnlyList<AlertFigures> alerts)
    {
        if (alerts.Count == 0) { h.Element("p", "No alerts this week.", ("class", "muted")); return; }
        h.Open("table", ("class", "alerts")).Open("thead").Open("tr");
        foreach (var column in AlertColumns) h.Element("th", column);
        h.Close("tr").Close("thead").Open("tbody");
        foreach (var a in alerts)
        {
            h.Open("tr", ("data-alert", a.AlertName)).Element("td", a.AlertName).Element("td", a.Owner);
            foreach (var (key, value) in new (string, int)[]
            {
                ("occurrences", a.Occurrences), ("previous-occurrences", a.PreviousOccurrences), ("notifications", a.Notifications), ("pages", a.Pages),
                ("pages-business-hours", a.PagesBusinessHours), ("pages-off-hours", a.PagesOffHours), ("pages-sleep-hours", a.PagesSleepHours),
            })
                h.Element("td", value, ("class", "num"), ("data-figure", key));
            h.Element("td", Figures.Duration(a.MeanTimeToAcknowledge), ("class", "num"), ("data-figure", "mtta"));
            h.Element("td", Figures.Duration(a.MeanTimeToResolve), ("class", "num"), ("data-figure", "mttr"));
            foreach (var (key, value) in new (string, int)[]
            {
                ("self-resolved", a.SelfResolved), ("never-acknowledged", a.NeverAcknowledged), ("flapping-episodes", a.FlappingEpisodes),
                ("silenced", a.Silenced), ("deferred", a.Deferred), ("fixes-dry-run", a.Fixes.DryRun), ("fixes-succeeded", a.Fixes.Succeeded),
                ("fixes-failed", a.Fixes.Failed), ("fixes-refused", a.Fixes.Refused),
            })
                h.Element("td", value, ("class", "num"), ("data-figure", key));
            h.Element("td", a.HasRunbook ? "yes" : "no", ("data-figure", "runbook"));
            h.Element("td", a.TopHost is null ? "—" : $"{a.TopHost} ({a.TopHostPages} pages)", ("data-figure", "top-host"));
            h.Close("tr");
        }
        h.Close("tbody").Close("table");
    }
}
