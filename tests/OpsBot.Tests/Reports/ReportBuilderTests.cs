using OpsBot.Notify;
using OpsBot.Reports;
using OpsBot.Storage;
using static OpsBot.Tests.Reports.ReportHistoryBuilder;

namespace OpsBot.Tests.Reports;

/// <summary>
/// Team dba (Europe/Berlin, Mon-Fri 09-17) in 2026-W43, the week Berlin falls back (Sunday 25 October, 03:00 CEST →
/// 02:00 CET), and the week before. Every figure below is worked out by hand from the rows <see cref="Seed"/> writes.
/// </summary>
public sealed class ReportBuilderTests : IDisposable
{
    private const string Week = "2026-W43";
    private readonly ReportHistoryBuilder _h = new();

    public void Dispose() => _h.Dispose();

    private void Seed()
    {
        // Six short night pages from one host, nobody acknowledging: every noise rule but hysteresis and fixes.
        var flaky = _h.Alert("FlakyProbe", host: "db-9:9100");
        DateTimeOffset[] flakyAt =
        [
            At(10, 19, 23), At(10, 20, 3), At(10, 21, 20), At(10, 22, 2), At(10, 24, 12),
            new(2026, 10, 25, 2, 30, 0, TimeSpan.FromHours(1)), // the second 02:30 of the fall-back night
        ];
        foreach (var at in flakyAt)
        {
            _h.Episode(flaky, at, resolveAfter: 2);
            _h.Notification(flaky, NotificationKind.Page, at);
        }
        // The week before: two of them, and an episode spanning midnight into this week.
        _h.Episode(flaky, At(10, 14, 23), resolveAfter: 2);
        _h.Notification(flaky, NotificationKind.Page, At(10, 14, 23));
        _h.Episode(flaky, At(10, 15, 23, 30), resolveAfter: 2);
        _h.Notification(flaky, NotificationKind.Page, At(10, 15, 23, 30));
        var backup = _h.Alert("NightlyBackup");
        _h.Route(backup, "notify", At(10, 18, 23, 50));
        _h.Episode(backup, At(10, 18, 23, 50), resolveAfter: 30);

        // Acknowledged in business hours: MTTA 4, 6, 8; resolved 20 and 40 minutes; the third still open.
        var lag = _h.Alert("PostgresReplicationLag", host: "db-1");
        _h.Episode(lag, At(10, 19, 10), ackAfter: 4, resolveAfter: 20);
        _h.Notification(lag, NotificationKind.Page, At(10, 19, 10));
        _h.Episode(lag, At(10, 20, 11), ackAfter: 6, resolveAfter: 40);
        _h.Notification(lag, NotificationKind.Page, At(10, 20, 11));
        _h.Episode(lag, At(10, 21, 14), ackAfter: 8);
        _h.Notification(lag, NotificationKind.Page, At(10, 21, 14));
        _h.Notification(lag, NotificationKind.Escalation, At(10, 21, 14, 5));
        _h.Notification(lag, NotificationKind.Notify, At(10, 21, 14, 6));
        _h.Notification(lag, NotificationKind.Resolved, At(10, 21, 14, 7)); // not a notification the report counts

        var flap = _h.Alert("DiskFlap", annotations: new Dictionary<string, string> { ["runbook_url"] = "https://wiki/disk" });
        foreach (var at in new[] { At(10, 20, 15), At(10, 22, 15) })
        {
            _h.Episode(flap, at, resolveAfter: 30);
            _h.Notification(flap, NotificationKind.Notify, at);
            _h.Notification(flap, NotificationKind.Flapping, at.AddMinutes(10));
        }

        // Owned by web, routed to dba this week (follow-the-sun).
        var api = _h.Alert("ApiLatency", team: "web", host: "web-3");
        _h.Route(api, "page", At(10, 20, 10));
        _h.Episode(api, At(10, 20, 10), ackAfter: 2, resolveAfter: 10);
        _h.Notification(api, NotificationKind.Page, At(10, 20, 10));

        // A handler matches this name: it has a runbook.
        var cert = _h.Alert("CertificateExpiringSoon");
        _h.Route(cert, "digest", At(10, 21, 9, 30));
        _h.Route(cert, "silenced", At(10, 21, 9, 40));
        _h.Episode(cert, At(10, 21, 9, 30), resolveAfter: 88);
        foreach (var day in new[] { 19, 20, 21 }) _h.Fix(cert, FixRunState.DryRun, At(10, day, 12));

        var down = _h.Alert("ServiceDown");
        foreach (var state in new[] { FixRunState.DryRun, FixRunState.DryRun, FixRunState.DryRun, FixRunState.Failed, FixRunState.Refused, FixRunState.Succeeded, FixRunState.Verified })
            _h.Fix(down, state, At(10, 23, 12));

        // Other teams' rows stay out.
        var web = _h.Alert("WebOnly", team: "web", host: "db-9");
        _h.Route(web, "page", At(10, 20, 10), team: "web");
        _h.Episode(web, At(10, 20, 10));
        _h.Notification(web, NotificationKind.Page, At(10, 20, 10), team: "web");
        // Outside the week: the Monday after, 00:00 Berlin.
        _h.Episode(flaky, At(10, 26, 0), resolveAfter: 2);
        _h.Notification(flaky, NotificationKind.Page, At(10, 26, 0));
    }

    private async Task<WeeklyReport> Build(string week = Week)
    {
        Seed();
        return await _h.Builder().BuildAsync("dba", week, CancellationToken.None);
    }

    [Fact]
    public async Task Bounds_AreTheLocalDstWeek()
    {
        var report = await Build();

        Assert.Equal("Europe/Berlin", report.TimeZone);
        Assert.Equal(DateTimeOffset.Parse("2026-10-18T22:00:00Z"), report.From);
        Assert.Equal(TimeSpan.FromHours(169), report.To - report.From);
    }

    [Fact]
    public async Task Totals_HaveTheKnownFigures()
    {
        var t = (await Build()).Totals;

        Assert.Equal(7, t.Alerts);
        Assert.Equal(13, t.Occurrences);
        Assert.Equal(14, t.Notifications);
        Assert.Equal(11, t.Pages);
        Assert.Equal((5, 2, 4), (t.PagesBusinessHours, t.PagesOffHours, t.PagesSleepHours));
        Assert.Equal(TimeSpan.FromMinutes(5), t.MeanTimeToAcknowledge);
        Assert.Equal(TimeSpan.FromMinutes(20), t.MeanTimeToResolve);
        Assert.Equal(6, t.SelfResolved);
        Assert.Equal(9, t.NeverAcknowledged);
        Assert.Equal(2, t.FlappingEpisodes);
        Assert.Equal((1, 1), (t.Silenced, t.Deferred));
        Assert.Equal(new FixFigures(6, 2, 1, 1), t.Fixes);
    }

    [Fact]
    public async Task Alerts_AreNoisiestFirstWithTheirFigures()
    {
        var report = await Build();

        Assert.Equal(["FlakyProbe", "PostgresReplicationLag", "DiskFlap", "ApiLatency", "CertificateExpiringSoon", "NightlyBackup", "ServiceDown"],
            report.Alerts.Select(a => a.AlertName));
        var flaky = report.Alerts[0];
        Assert.Equal(("dba", 6, 6, 6), (flaky.Owner, flaky.Occurrences, flaky.Notifications, flaky.Pages));
        Assert.Equal((0, 2, 4), (flaky.PagesBusinessHours, flaky.PagesOffHours, flaky.PagesSleepHours));
        Assert.Equal((6, 6, null), (flaky.SelfResolved, flaky.NeverAcknowledged, flaky.MeanTimeToAcknowledge));
        Assert.Equal(("db-9", 6, 2, false), (flaky.TopHost, flaky.TopHostPages, flaky.PreviousOccurrences, flaky.HasRunbook));
        var lag = report.Alerts[1];
        Assert.Equal((3, 5, 4, 4), (lag.Occurrences, lag.Notifications, lag.Pages, lag.PagesBusinessHours));
        Assert.Equal((TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(30)), (lag.MeanTimeToAcknowledge, lag.MeanTimeToResolve));
        Assert.Equal((0, 0, "db-1"), (lag.SelfResolved, lag.NeverAcknowledged, lag.TopHost));
        var flap = report.Alerts[2];
        Assert.Equal((2, 0, 2, true), (flap.FlappingEpisodes, flap.Pages, flap.NeverAcknowledged, flap.HasRunbook));
        Assert.Equal("web", report.Alerts[3].Owner);
        var cert = report.Alerts[4];
        Assert.Equal((true, 1, 1, new FixFigures(3, 0, 0, 0)), (cert.HasRunbook, cert.Silenced, cert.Deferred, cert.Fixes));
        Assert.Equal(new FixFigures(3, 2, 1, 1), report.Alerts[6].Fixes);
        Assert.DoesNotContain(report.Alerts, a => a.AlertName == "WebOnly");
    }

    [Fact]
    public async Task EpisodeSpanningMidnight_CountsWhereItStartedAndResolved()
    {
        Seed();
        var builder = _h.Builder();
        var before = (await builder.BuildAsync("dba", "2026-W42", CancellationToken.None)).Alerts.Single(a => a.AlertName == "NightlyBackup");
        var after = (await builder.BuildAsync("dba", Week, CancellationToken.None)).Alerts.Single(a => a.AlertName == "NightlyBackup");

        Assert.Equal((1, 1, null), (before.Occurrences, before.NeverAcknowledged, before.MeanTimeToResolve));
        Assert.Equal((0, 0, TimeSpan.FromMinutes(30)), (after.Occurrences, after.NeverAcknowledged, after.MeanTimeToResolve));
        Assert.Equal(1, after.PreviousOccurrences);
    }

    [Fact]
    public async Task PagesByHour_UseLocalTimeAcrossTheFallBack()
    {
        var grid = (await Build()).PagesByHour;

        Assert.Equal(7, grid.Length);
        Assert.All(grid, day => Assert.Equal(24, day.Length));
        Assert.Equal(11, grid.Sum(d => d.Sum()));
        Assert.Equal(1, grid[6][2]); // Sunday 02:30 CET
        Assert.Equal(1, grid[0][23]); // Monday 23:00
        Assert.Equal(2, grid[2][14]); // Wednesday 14:00 page and 14:05 escalation
        Assert.Equal((1, 1, 1), (grid[1][3], grid[1][10], grid[1][11])); // Tuesday: 03:00 flaky, 10:00 api, 11:00 lag
    }

    [Fact]
    public async Task PreviousWeekAndTrend()
    {
        var report = await Build();

        var p = report.PreviousTotals;
        Assert.Equal((2, 3, 2, 3, 2), (p.Alerts, p.Occurrences, p.Pages, p.NeverAcknowledged, p.SelfResolved));
        Assert.Equal(TimeSpan.FromMinutes(2), p.MeanTimeToResolve);
        Assert.Equal(8, report.Trend.Count);
        Assert.Equal("2026-W36", report.Trend[0].Week);
        Assert.Equal(new WeekCount("2026-W42", 3, 2), report.Trend[6]);
        Assert.Equal(new WeekCount(Week, 13, 11), report.Trend[7]);
        Assert.All(report.Trend.Take(6), w => Assert.Equal((0, 0), (w.Occurrences, w.Pages)));
    }

    [Fact]
    public async Task Suggestions_FollowTheFigures()
    {
        var report = await Build();

        var raised = report.Suggestions.Select(s => (s.AlertName, s.Kind)).ToList();
        Assert.Equal(
        [
            ("FlakyProbe", "delete-or-rework"), ("FlakyProbe", "route-to-chat"), ("FlakyProbe", "write-runbook"), ("FlakyProbe", "look-at-host"),
            ("DiskFlap", "add-hysteresis"), ("CertificateExpiringSoon", "enable-fix"),
        ], raised);
        Assert.Equal("6 occurrences, none acknowledged, 6 resolved by themselves within 5 minutes", report.Suggestions[0].Because);
        Assert.Contains("6 of 11 pages came from db-9", report.Suggestions[3].Because, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownTeamOrWeek_Throws()
    {
        var builder = _h.Builder();
        await Assert.ThrowsAsync<ArgumentException>(() => builder.BuildAsync("nobody", Week, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => builder.BuildAsync("dba", "2026-W54", CancellationToken.None));
    }

    [Fact]
    public async Task EmptyWeek_HasZeroes()
    {
        var report = await _h.Builder().BuildAsync("web", Week, CancellationToken.None);

        Assert.Empty(report.Alerts);
        Assert.Empty(report.Suggestions);
        Assert.Equal((0, 0, null, null), (report.Totals.Occurrences, report.Totals.Pages, report.Totals.MeanTimeToAcknowledge, report.Totals.MeanTimeToResolve));
        Assert.Equal("America/New_York", report.TimeZone);
    }
}
