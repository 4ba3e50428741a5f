using NodaTime;
using OpsBot.Handlers;
using OpsBot.Routing;
using OpsBot.Storage;

namespace OpsBot.Reports;

/// <summary>
/// Builds a team's <see cref="WeeklyReport"/> from the stored history. Definitions (times are when OpsBot received or
/// recorded something, read on the team's wall clock; the week is Monday 00:00 to the next Monday 00:00 local, end excluded):
/// <list type="bullet">
/// <item>An alert belongs to the team's week when a routing decision for the team was taken that week (alert_routes.team),
/// or the alert's current primary team is the team and something about it arrived that week, or one of the team's
/// notifications or fix runs that week is about it. Alerts are listed by alert name and owner (the alert's current
/// primary team).</item>
/// <item>Occurrences: firing episodes that started in the week (an Opened or Reopened occurrence received in the week).
/// An episode that starts Sunday 23:50 and resolves Monday 00:20 is an occurrence of the week it started; its
/// resolution, and so its time to resolve, counts in the week it resolved.</item>
/// <item>Notifications: the team's notification rows of kind page, notify or escalation created in the week. Pages:
/// kind page or escalation. A page is in business hours when the team's calendar is open, else in sleep hours when
/// the local time is between Reports:SleepStart and SleepEnd (22:00–07:00), else in off hours.</item>
/// <item>MTTA: mean of first acknowledgement − episode start over episodes that started in the week and were
/// acknowledged. MTTR: mean of resolution − episode start over episodes resolved in the week.</item>
/// <item>Self-resolved: episodes started in the week, resolved within Reports:SelfResolveWithin (5 minutes) and never
/// acknowledged. Never acknowledged: episodes started in the week with no acknowledgement before they resolved (or
/// so far, when still open); self-resolved episodes are among them.</item>
/// <item>Flapping episodes: the team's notifications of kind flapping in the week (one per episode the flap detector
/// called flapping). Silenced and deferred: the team's routing decisions in the week with urgency silenced or digest.</item>
/// <item>Fixes: fix runs created in the week for the alert: dry runs, succeeded (Succeeded or Verified), failed
/// (Failed or Unresolved), refused by a guard.</item>
/// <item>Top host: the host (Routing:HostLabels) with the most pages for the alert name. Has runbook: a handler
/// matches the alert, or it carries a runbook_url, runbook or description annotation.</item>
/// <item>Alerts (team total): how many alert entries the report lists. Trend: occurrences and pages for the last
/// Reports:TrendWeeks weeks, this week last.</item>
/// </list>
/// </summary>
public sealed class ReportBuilder(OpsBotDbContext db, Router router, HandlerCatalog catalog, ReportOptions options)
{
    /// <exception cref="ArgumentException">The team is not configured, or the week is not an ISO week such as 2026-W48.</exception>
    public async Task<WeeklyReport> BuildAsync(string team, string isoWeek, CancellationToken ct)
    {
        if (team is null || !router.Model.Teams.TryGetValue(team, out var config))
            throw new ArgumentException($"unknown team '{team}'", nameof(team));
        if (!ReportWeek.TryParse(isoWeek, out var week))
            throw new ArgumentException($"'{isoWeek}' is not an ISO week such as 2026-W48", nameof(isoWeek));

        var zone = config.Calendar.Zone;
        // Oldest first, this week last; always the week before too, for the change.
        var weeks = new List<string> { week };
        while (weeks.Count < Math.Max(2, options.TrendWeeks)) weeks.Insert(0, ReportWeek.Previous(weeks[0]));
        var (from, to) = ReportWeek.Bounds(week, zone);
        var history = await ReportLoader.LoadAsync(db, router, catalog, config.Name, ReportWeek.Bounds(weeks[0], zone).From, to, ct);

        var hoursOf = Tally.Classifier(config.Calendar, options);
        var view = ReportWeekView.Of(history, from, to);
        var previousBounds = ReportWeek.Bounds(ReportWeek.Previous(week), zone);
        var previous = ReportWeekView.Of(history, previousBounds.From, previousBounds.To);

        var alerts = ReportAlertFigures.Of(history, view, previous, hoursOf, options);
        var totals = Tally.Of(view, hoursOf, options.SelfResolveWithin).ToTeam(alerts.Count);
        var previousTotals = Tally.Of(previous, hoursOf, options.SelfResolveWithin).ToTeam(ReportAlertFigures.Groups(history, previous).Count);

        var trend = weeks.TakeLast(options.TrendWeeks).Select(w =>
        {
            var (wFrom, wTo) = ReportWeek.Bounds(w, zone);
            var tally = Tally.Of(ReportWeekView.Of(history, wFrom, wTo), hoursOf, options.SelfResolveWithin);
            return new WeekCount(w, tally.Occurrences, tally.Pages);
        }).ToList();

        return new WeeklyReport
        {
            Team = config.Name,
            Week = week,
            TimeZone = zone.Id,
            From = from,
            To = to,
            Totals = totals,
            PreviousTotals = previousTotals,
            Alerts = alerts,
            PagesByHour = PagesByHour(view, zone),
            Trend = trend,
            Suggestions = ReportSuggestions.For(alerts, totals, options),
        };
    }

    private static int[][] PagesByHour(ReportWeekView view, DateTimeZone zone)
    {
        var grid = Enumerable.Range(0, 7).Select(_ => new int[24]).ToArray();
        foreach (var page in view.Notifications.Where(n => Tally.IsPage(n.Kind)))
        {
            var local = Instant.FromDateTimeOffset(page.At).InZone(zone).LocalDateTime;
            grid[(int)local.DayOfWeek - 1][local.Hour]++;
        }
        return grid;
    }
}
