using OpsBot.Api;
using OpsBot.Storage;

namespace OpsBot.WebConsole;

/// <summary>An open alert as the console lists it; Reasons are the latest routing decision's, so "why did this page me?" is on the page.</summary>
public sealed record ConsoleAlert(
    long Id, string Name, string Severity, string Status, string? Team, string? Urgency, DateTimeOffset Since, IReadOnlyList<string> Reasons,
    string Summary = "");

/// <summary>The console's pages, each a plain function of its data so it is tested without a host.</summary>
public static partial class ConsolePages
{
    public static string AlertsPage(IReadOnlyList<ConsoleAlert> alerts, DateTimeOffset now) =>
        ConsoleLayout.Page("Open alerts", "alerts", h =>
        {
            if (alerts.Count == 0) { h.Element("p", "No open alerts.", ("class", "muted")); return; }
            Table(h, "alerts", ["Id", "Alert", "Severity", "Status", "Team", "Urgency", "Since", "Why it went there"]);
            foreach (var a in alerts)
            {
                h.Open("tr", ("data-alert-id", a.Id), ("data-alert", a.Name));
                h.Open("td").Link($"/api/alerts/{a.Id}", a.Id).Close("td");
                h.Open("td").Element("strong", a.Name);
                if (a.Summary.Length > 0) h.Open("div", ("class", "muted")).Text(a.Summary).Close("div");
                h.Close("td");
                h.Element("td", a.Severity).Element("td", a.Status).Element("td", a.Team ?? "—").Element("td", a.Urgency ?? "—");
                h.Open("td").Text(Figures.Time(a.Since)).Open("div", ("class", "muted")).Text($"for {Figures.Duration(now - a.Since)}").Close("div").Close("td");
                h.Open("td");
                if (a.Reasons.Count == 0) h.Text("not routed yet");
                else
                {
                    h.Open("ul", ("class", "reasons"));
                    foreach (var reason in a.Reasons) h.Element("li", reason);
                    h.Close("ul");
                }
                h.Close("td").Close("tr");
            }
            h.Close("tbody").Close("table");
        });

    public static string SilencesPage(IReadOnlyList<SilenceView> silences) =>
        ConsoleLayout.Page("Silences and maintenance windows", "silences", h =>
        {
            if (silences.Count == 0) { h.Element("p", "No active or pending silences.", ("class", "muted")); return; }
            Table(h, "silences", ["Id", "Kind", "State", "Matchers", "Starts", "Ends", "Repeats", "Team", "Created by", "Comment", "Alertmanager"]);
            foreach (var s in silences)
            {
                h.Open("tr", ("data-silence-id", s.Id), ("data-state", s.State));
                h.Element("td", s.Id).Element("td", s.Kind).Element("td", s.State);
                h.Open("td");
                foreach (var matcher in s.Matchers) h.Element("code", matcher).Empty("br");
                h.Close("td");
                h.Element("td", Figures.Time(s.StartsAt)).Element("td", Figures.Time(s.EndsAt));
                h.Element("td", s.Recurrence is null ? "—" : $"{s.Recurrence} ({s.TimeZone ?? "UTC"})");
                h.Element("td", s.Team ?? "—").Element("td", s.CreatedBy).Element("td", s.Comment);
                h.Element("td", s.Alertmanager.Error is { } error ? $"{s.Alertmanager.State}: {error}" : s.Alertmanager.State);
                h.Close("tr");
            }
            h.Close("tbody").Close("table");
        });

    /// <param name="olderLink">Where the previous page of entries is, or null on the last page.</param>
    public static string AuditPage(IReadOnlyList<AuditRow> rows, string? olderLink = null) =>
        ConsoleLayout.Page("Audit log", "audit", h =>
        {
            if (rows.Count == 0) { h.Element("p", "No audit entries.", ("class", "muted")); return; }
            Table(h, "audit", ["At", "Platform", "Who", "Action", "Target", "Result", "Detail"]);
            foreach (var a in rows)
            {
                h.Open("tr", ("data-audit-id", a.Id), ("data-result", a.Result));
                h.Element("td", Figures.Time(a.At)).Element("td", a.Platform);
                h.Element("td", a.Person is null ? a.UserId : $"{a.Person} ({a.UserId})");
                h.Element("td", a.Action).Element("td", a.Target ?? "—").Element("td", a.Result).Element("td", a.Detail ?? "");
                h.Close("tr");
            }
            h.Close("tbody").Close("table");
            if (olderLink is not null) h.Open("div", ("class", "pager")).Link(olderLink, "Older entries →", ("rel", "next")).Close("div");
        });

    /// <summary>Links use "this" and "last" rather than week names, so each team's week is taken in its own time zone.</summary>
    public static string ReportsIndexPage(IReadOnlyList<string> teams, string thisWeek) =>
        ConsoleLayout.Page("Weekly reports", "reports", h =>
        {
            if (teams.Count == 0) { h.Element("p", "No teams are configured.", ("class", "muted")); return; }
            var lastWeek = Neighbour(thisWeek, -1) ?? "last week";
            Table(h, "reports", ["Team", $"This week ({thisWeek})", $"Last week ({lastWeek})"]);
            foreach (var team in teams)
            {
                h.Open("tr", ("data-team", team)).Element("td", team);
                h.Open("td").Link(ReportHref(team, "this"), "this week (so far)", ("data-week", "this")).Close("td");
                h.Open("td").Link(ReportHref(team, "last"), "last week", ("data-week", "last")).Close("td");
                h.Close("tr");
            }
            h.Close("tbody").Close("table");
        });

    /// <summary>Opens a table and its body; the caller writes the rows and closes both.</summary>
    private static void Table(HtmlBuilder h, string kind, string[] columns)
    {
        h.Open("table", ("class", kind)).Open("thead").Open("tr");
        foreach (var column in columns) h.Element("th", column);
        h.Close("tr").Close("thead").Open("tbody");
    }
}
