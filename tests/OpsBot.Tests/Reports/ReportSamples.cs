using OpsBot.Reports;

namespace OpsBot.Tests.Reports;

/// <summary>Hand-made figures for the exports and the suggestion rules, independent of the database.</summary>
internal static class ReportSamples
{
    public static readonly FixFigures NoFixes = new(0, 0, 0, 0);

    public static AlertFigures Alert(string name, int occurrences = 1, int pages = 0, int business = 0, int off = 0, int sleep = 0,
        TimeSpan? mtta = null, TimeSpan? mttr = null, int selfResolved = 0, int neverAcknowledged = 0, int flapping = 0,
        FixFigures? fixes = null, bool runbook = true, string? host = null, int hostPages = 0, string owner = "dba") =>
        new(name, owner, occurrences, pages, pages, business, off, sleep, mtta, mttr, selfResolved, neverAcknowledged, flapping, 0, 0,
            fixes ?? NoFixes, runbook, host, hostPages, 0);

    public static TeamFigures Team(int alerts, int pages, int occurrences = 0) =>
        new(alerts, occurrences, pages, pages, 0, 0, 0, null, null, 0, 0, 0, 0, 0, NoFixes);

    public static WeeklyReport Report(IReadOnlyList<AlertFigures> alerts, IReadOnlyList<Suggestion> suggestions) => new()
    {
        Team = "dba",
        Week = "2026-W43",
        TimeZone = "Europe/Berlin",
        From = DateTimeOffset.Parse("2026-10-18T22:00:00Z"),
        To = DateTimeOffset.Parse("2026-10-25T23:00:00Z"),
        Totals = new TeamFigures(alerts.Count, 20, 12, 10, 3, 2, 5, TimeSpan.FromMinutes(4.5), TimeSpan.FromSeconds(100), 6, 9, 2, 1, 1, new FixFigures(3, 1, 0, 0)),
        PreviousTotals = new TeamFigures(4, 15, 14, 12, 3, 4, 5, null, null, 0, 0, 0, 0, 0, NoFixes),
        Alerts = alerts,
        PagesByHour = Enumerable.Range(0, 7).Select(d => Enumerable.Range(0, 24).Select(h => d == 6 && h == 2 ? 3 : 0).ToArray()).ToArray(),
        Trend = [new WeekCount("2026-W42", 15, 12), new WeekCount("2026-W43", 20, 10)],
        Suggestions = suggestions,
    };
}
