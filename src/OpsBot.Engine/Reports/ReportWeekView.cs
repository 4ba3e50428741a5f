using OpsBot.Storage;

namespace OpsBot.Reports;

/// <summary>
/// One week of a team's history: the alerts that belong to the team's report that week and everything counted for
/// them. Belonging: routed to the team during the week (a route row for the team), or owned by the team (its current
/// primary team) and delivered to during the week, or named by one of the team's notifications or fix runs that week.
/// </summary>
internal sealed class ReportWeekView
{
    private ReportWeekView(IReadOnlySet<long> members, IReadOnlyList<Episode> started, IReadOnlyList<Episode> resolved,
        IReadOnlyList<Sent> notifications, IReadOnlyList<RouteRow> routes, IReadOnlyList<FixRunRow> fixes)
    {
        Members = members;
        Started = started;
        Resolved = resolved;
        Notifications = notifications;
        Routes = routes;
        Fixes = fixes;
    }

    public IReadOnlySet<long> Members { get; }
    /// <summary>Episodes that started in the week: occurrences, MTTA, self-resolved, never acknowledged.</summary>
    public IReadOnlyList<Episode> Started { get; }
    /// <summary>Episodes resolved in the week, wherever they started: MTTR.</summary>
    public IReadOnlyList<Episode> Resolved { get; }
    public IReadOnlyList<Sent> Notifications { get; }
    public IReadOnlyList<RouteRow> Routes { get; }
    public IReadOnlyList<FixRunRow> Fixes { get; }

    public static ReportWeekView Of(ReportHistory history, DateTimeOffset from, DateTimeOffset to)
    {
        bool In(DateTimeOffset at) => at >= from && at < to;
        var notifications = history.Notifications.Where(n => In(n.At)).ToList();
        var routes = history.Routes.Where(r => In(r.DecidedAt)).ToList();
        var fixes = history.Fixes.Where(f => In(f.CreatedAt)).ToList();
        var members = routes.Select(r => r.AlertId)
            .Concat(notifications.Where(n => n.AlertId is not null).Select(n => n.AlertId!.Value))
            .Concat(fixes.Select(f => f.AlertId))
            .Concat(history.Activity.Where(a => In(a.At) && history.Alerts.TryGetValue(a.AlertId, out var alert) && alert.StateTeam == history.Team)
                .Select(a => a.AlertId))
            .Where(history.Alerts.ContainsKey)
            .ToHashSet();
        var started = history.Episodes.Where(e => members.Contains(e.AlertId) && In(e.Start)).ToList();
        var resolved = history.Episodes.Where(e => members.Contains(e.AlertId) && e.Resolved is { } r && In(r)).ToList();
        return new ReportWeekView(members, started, resolved, notifications, routes, fixes);
    }

    /// <summary>The part about some of the alerts (one alert name's rows); notifications without an alert drop out.</summary>
    public ReportWeekView For(IReadOnlySet<long> alertIds)
    {
        var members = Members.Where(alertIds.Contains).ToHashSet();
        return new ReportWeekView(members,
            Started.Where(e => members.Contains(e.AlertId)).ToList(),
            Resolved.Where(e => members.Contains(e.AlertId)).ToList(),
            Notifications.Where(n => n.AlertId is { } id && members.Contains(id)).ToList(),
            Routes.Where(r => members.Contains(r.AlertId)).ToList(),
            Fixes.Where(f => members.Contains(f.AlertId)).ToList());
    }

    public bool IsEmpty => Started.Count == 0 && Resolved.Count == 0 && Notifications.Count == 0 && Routes.Count == 0 && Fixes.Count == 0;
}
