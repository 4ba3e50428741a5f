using System.Text.Json;
using OpsBot.Reports;
using static OpsBot.Tests.Reports.ReportSamples;

namespace OpsBot.Tests.Reports;

public sealed class ReportExportsTests
{
    private static WeeklyReport Sample() => Report(
        [
            Alert("Disk \"full\", again", occurrences: 7, pages: 5, sleep: 5, mtta: TimeSpan.FromSeconds(90), mttr: TimeSpan.FromSeconds(20),
                selfResolved: 6, neverAcknowledged: 6, host: "db-9", hostPages: 5, runbook: false),
            Alert("HighLoad", occurrences: 2, fixes: new FixFigures(3, 1, 0, 2)),
            Alert("A", occurrences: 1), Alert("B", occurrences: 1), Alert("C", occurrences: 1), Alert("Sixth", occurrences: 1),
        ],
        [
            new("Disk \"full\", again", "delete-or-rework", "Nobody acts on it", "7 occurrences, none acknowledged"),
            new("Disk \"full\", again", "write-runbook", "Write a runbook", "7 occurrences, no runbook"),
        ]);

    [Fact]
    public void Csv_HasAHeaderAndOneQuotedRowPerAlert()
    {
        var lines = ReportExports.Csv(Sample()).Split("\r\n");

        Assert.Equal(8, lines.Length); // header, six alerts, and the empty string after the last CRLF
        Assert.Equal("", lines[^1]);
        Assert.StartsWith("team,week,alert,owner,occurrences,previous_occurrences,notifications,pages,", lines[0], StringComparison.Ordinal);
        Assert.Equal(
            "dba,2026-W43,\"Disk \"\"full\"\", again\",dba,7,0,5,5,0,0,5,1.5,0.33,6,6,0,0,0,0,0,0,0,false,db-9,5,delete-or-rework write-runbook",
            lines[1]);
        Assert.Equal("dba,2026-W43,HighLoad,dba,2,0,0,0,0,0,0,,,0,0,0,0,0,3,1,0,2,true,,0,", lines[2]);
    }

    [Fact]
    public void Json_IsCamelCaseWithMinutesAndRoundTrips()
    {
        var report = Sample();
        var json = ReportExports.Json(report);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("2026-W43", root.GetProperty("week").GetString());
        Assert.Equal(4.5, root.GetProperty("totals").GetProperty("meanTimeToAcknowledge").GetDouble());
        Assert.Equal(1.5, root.GetProperty("alerts")[0].GetProperty("meanTimeToAcknowledge").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("previousTotals").GetProperty("meanTimeToResolve").ValueKind);
        Assert.Equal(3, root.GetProperty("pagesByHour")[6][2].GetInt32());

        var back = ReportExports.FromJson(json);
        Assert.Equal(report.Totals, back.Totals);
        Assert.Equal(report.PreviousTotals, back.PreviousTotals);
        Assert.Equal(report.Alerts, back.Alerts);
        Assert.Equal(report.Trend, back.Trend);
        Assert.Equal(report.Suggestions, back.Suggestions);
        Assert.Equal(report.PagesByHour, back.PagesByHour);
        Assert.Equal((report.From, report.To, report.Team, report.TimeZone), (back.From, back.To, back.Team, back.TimeZone));
    }

    [Fact]
    public void ChatSummary_HasTotalsChangeTopFiveAndLink()
    {
        var text = ReportExports.ChatSummary(Sample(), "https://opsbot.example/reports/dba/2026-W43");

        Assert.Contains("dba, 2026-W43 (Europe/Berlin)", text, StringComparison.Ordinal);
        Assert.Contains("Alerts: 6 (+2)", text, StringComparison.Ordinal);
        Assert.Contains("occurrences: 20 (+5)", text, StringComparison.Ordinal);
        Assert.Contains("pages: 10 (\u22122 vs last week)", text, StringComparison.Ordinal);
        Assert.Contains("3 in business hours, 2 off hours, 5 in sleep hours", text, StringComparison.Ordinal);
        Assert.Contains("MTTA: 4.5 min, MTTR: 1.7 min", text, StringComparison.Ordinal);
        Assert.Contains("1. Disk \"full\", again (dba): 7 occurrences", text, StringComparison.Ordinal);
        Assert.Contains("→ Nobody acts on it (7 occurrences, none acknowledged)", text, StringComparison.Ordinal);
        Assert.Contains("5. C (dba)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Sixth", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Write a runbook", text, StringComparison.Ordinal); // one suggestion per alert
        Assert.EndsWith("Full report: https://opsbot.example/reports/dba/2026-W43", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Full report", ReportExports.ChatSummary(Sample(), null), StringComparison.Ordinal);
    }

    [Fact]
    public void ChatSummary_OfAQuietWeek()
    {
        var text = ReportExports.ChatSummary(Report([], []), null);

        Assert.Contains("No alerts this week.", text, StringComparison.Ordinal);
        Assert.Contains("Alerts: 0 (\u22124)", text, StringComparison.Ordinal);
    }
}
