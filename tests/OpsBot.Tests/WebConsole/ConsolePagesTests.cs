using System.Net;
using System.Text.RegularExpressions;
using OpsBot.Api;
using OpsBot.Reports;
using OpsBot.Storage;
using OpsBot.WebConsole;

namespace OpsBot.Tests.WebConsole;

public class ConsolePagesTests
{
    [Fact]
    public void Report_page_shows_every_figure_of_the_totals_and_the_alerts()
    {
        var report = ConsoleSamples.Report();
        var html = ConsolePages.ReportPage(report, "/console/reports/ops/2026-W48.csv", "/console/reports/ops/2026-W48.json");

        // Totals run 101..117 this week and 201..217 the week before (108/208 are the MTTA in minutes, shown as durations);
        // alert figures run 301..317 and 401..417 (302/402 would be notifications, which the sample sets apart).
        foreach (var n in Enumerable.Range(101, 17).Where(n => n != 108).Concat(Enumerable.Range(201, 17).Where(n => n != 208)))
            Assert.Contains($">{n}<", html);
        foreach (var n in Enumerable.Range(301, 17).Where(n => n != 302).Concat(Enumerable.Range(401, 17).Where(n => n != 402)))
            Assert.Contains($"{n}", html);
        Assert.Contains("data-figure=\"pages\"><th>Pages</th><td class=\"num\" data-value=\"104\">104</td><td class=\"num\" data-previous=\"204\">204</td>", html);
        Assert.Contains("−100 (49%)", html);
        foreach (var duration in new[] { "1h 48m", "3h 40m", "3h 28m", "5h 20m", "7m 00s", "1h 35m" }) Assert.Contains(duration, html);
        Assert.Contains("db-7 (316 pages)", html);
    }

    [Fact]
    public void Report_page_has_header_charts_suggestions_exports_and_neighbour_weeks()
    {
        var html = ConsolePages.ReportPage(ConsoleSamples.Report(), "/console/reports/ops/2026-W48.csv", "/console/reports/ops/2026-W48.json");

        // WebUtility.HtmlEncode writes "·" as a character reference; the browser shows the same text.
        Assert.Contains("Team ops · week 2026-W48 · Europe/Berlin · from 2026-11-23 00:00 +01:00 to 2026-11-30 00:00 +01:00", WebUtility.HtmlDecode(html));
        Assert.Contains("data-chart=\"bar-chart\"", html);
        Assert.Contains("data-chart=\"heat-map\"", html);
        Assert.Contains("data-chart=\"trend-chart\"", html);
        Assert.Matches("data-alert=\"CpuHigh\" data-value=\"80\" data-rank=\"1\"", html);
        Assert.Contains("data-day=\"2\" data-day-name=\"Wed\" data-hour=\"3\" data-value=\"9\"", html);
        Assert.Contains("Nobody acts on it", html);
        Assert.Contains("14 occurrences, none acknowledged, 12 resolved by themselves within 5 minutes", html);
        Assert.Contains("href=\"/console/reports/ops/2026-W48.csv\"", html);
        Assert.Contains("href=\"/console/reports/ops/2026-W48.json\"", html);
        Assert.Contains("href=\"/console/reports/ops/2026-W47\" rel=\"prev\"", html);
        Assert.Contains("href=\"/console/reports/ops/2026-W49\" rel=\"next\"", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public void The_running_week_has_no_next_link()
    {
        var report = ConsoleSamples.Report();
        var html = ConsolePages.ReportPage(report, "/a.csv", "/a.json", now: report.From.AddDays(2));

        Assert.DoesNotContain("rel=\"next\"", html);
        Assert.Contains("rel=\"prev\"", html);
    }

    [Fact]
    public void Hostile_alert_names_are_encoded_everywhere()
    {
        const string evil = "<script>alert(\"pwn\")</script>'\"";
        var report = ConsoleSamples.Report(alerts: [ConsoleSamples.Alert(evil, 5)], suggestions: [new Suggestion(evil, "write-runbook", evil, evil)]);
        var pages = new[]
        {
            ConsolePages.ReportPage(report, "/x.csv", "/x.json"),
            ConsolePages.AlertsPage([new ConsoleAlert(1, evil, "critical", "firing", evil, "page", ConsoleSamples.From, [evil], evil)], ConsoleSamples.From),
            ConsolePages.AuditPage([new AuditRow { Platform = "slack", UserId = evil, Person = evil, Action = evil, Target = evil, Result = "ok", Detail = evil }]),
            ConsolePages.ReportsIndexPage([evil], "2026-W48"),
        };

        foreach (var html in pages)
        {
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("&lt;script&gt;alert(&quot;pwn&quot;)&lt;/script&gt;&#39;&quot;", html);
        }
    }

    [Fact]
    public void Empty_report_draws_no_data_charts_and_says_so()
    {
        var html = ConsolePages.ReportPage(ConsoleSamples.Report(alerts: [], trend: [], hours: [], suggestions: []), "/x.csv", "/x.json");

        Assert.Equal(3, Regex.Matches(html, "data-empty=\"true\"").Count);
        Assert.Contains("No alerts this week.", html);
        Assert.Contains("No suggestions this week.", html);
    }

    [Fact]
    public void Alerts_page_lists_team_urgency_status_since_and_reasons()
    {
        var since = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
        var html = ConsolePages.AlertsPage(
            [new ConsoleAlert(42, "DiskFull", "critical", "acknowledged", "storage", "page", since, ["storage: matched by rule 2", "policy critical → page"], "disk /var 97%")],
            since.AddMinutes(150));

        Assert.Contains("data-alert-id=\"42\"", html);
        foreach (var text in new[] { "DiskFull", "critical", "acknowledged", "storage", ">page<", "2026-11-25 08:00 +00:00", "for 2h 30m",
            "storage: matched by rule 2", "policy critical → page", "disk /var 97%", "href=\"/api/alerts/42\"" })
            Assert.Contains(text, html);
        Assert.Contains("aria-current=\"page\">Alerts<", html);
        Assert.Contains("No open alerts.", ConsolePages.AlertsPage([], since));
    }

    [Fact]
    public void Silences_page_lists_matchers_times_and_sync()
    {
        var at = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
        var html = ConsolePages.SilencesPage([new SilenceView(7, "maintenance", "active", ["host=\"db-1\"", "alertname=~\"Disk.*\""], at, at.AddHours(2),
            "weekly Sat 02:00-04:00", "Europe/Berlin", "alice", "patching <db>", "storage", at, null, new AlertmanagerSync("failed", null, "timeout"))]);

        foreach (var text in new[] { "data-silence-id=\"7\"", "maintenance", "host=&quot;db-1&quot;", "alertname=~&quot;Disk.*&quot;", "2026-11-25 10:00 +00:00",
            "weekly Sat 02:00-04:00 (Europe/Berlin)", "alice", "patching &lt;db&gt;", "failed: timeout" })
            Assert.Contains(text, html);
    }

    [Fact]
    public void Audit_page_lists_entries_and_links_to_older_ones()
    {
        var html = ConsolePages.AuditPage(
            [new AuditRow { Id = 9, At = ConsoleSamples.From, Platform = "discord", UserId = "U1", Person = "bob", Action = "ack", Target = "42", Result = "denied", Detail = "not on call" }],
            "/console/audit?before=9");

        foreach (var text in new[] { "data-audit-id=\"9\"", "discord", "bob (U1)", "ack", ">42<", "denied", "not on call", "href=\"/console/audit?before=9\"" })
            Assert.Contains(text, html);
    }

    [Fact]
    public void Reports_index_links_each_team_to_this_and_last_week()
    {
        var html = ConsolePages.ReportsIndexPage(["ops", "db team"], "2026-W01");

        Assert.Contains("href=\"/console/reports/ops/this\"", html);
        Assert.Contains("href=\"/console/reports/db%20team/last\"", html);
        Assert.Contains("Last week (2025-W52)", html);
    }

    [Fact]
    public void Every_page_shares_the_layout_without_scripts()
    {
        var html = ConsolePages.SilencesPage([]);

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<meta charset=\"utf-8\" />", html);
        foreach (var href in new[] { "/console", "/console/silences", "/console/audit", "/console/reports" }) Assert.Contains($"href=\"{href}\"", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("src=", html);
    }
}
