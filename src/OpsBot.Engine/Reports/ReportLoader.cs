using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpsBot.Dedupe;
using OpsBot.Handlers;
using OpsBot.Routing;
using OpsBot.Routing.Matching;
using OpsBot.Storage;

namespace OpsBot.Reports;

/// <summary>Reads one team's history for [from, to) in a handful of queries; the weeks are cut from it in memory.</summary>
internal static class ReportLoader
{
    private static readonly string[] EpisodeOutcomes = ["Opened", "Reopened", "Acknowledged", "Resolved"];
    private static readonly string[] RunbookAnnotations = ["runbook_url", "runbook", "description"];

    public static async Task<ReportHistory> LoadAsync(OpsBotDbContext db, Router router, HandlerCatalog catalog, string team,
        DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var routes = await db.Routes.AsNoTracking().Where(r => r.Team == team && r.DecidedAt >= from && r.DecidedAt < to).ToListAsync(ct);
        var sent = await db.Notifications.AsNoTracking().Where(n => n.Team == team && n.CreatedAt >= from && n.CreatedAt < to)
            .Select(n => new Sent(n.AlertId, n.Kind, n.CreatedAt)).ToListAsync(ct);
        var fixes = await db.FixRuns.AsNoTracking().Where(f => f.Team == team && f.CreatedAt >= from && f.CreatedAt < to).ToListAsync(ct);
        var activity = await db.Occurrences.AsNoTracking()
            .Where(o => o.AlertId != null && o.ReceivedAt >= from && o.ReceivedAt < to && o.Alert!.Team == team)
            .Select(o => new { AlertId = o.AlertId!.Value, o.ReceivedAt }).ToListAsync(ct);

        var ids = routes.Select(r => r.AlertId).Concat(fixes.Select(f => f.AlertId)).Concat(activity.Select(a => a.AlertId))
            .Concat(sent.Where(n => n.AlertId is not null).Select(n => n.AlertId!.Value)).ToHashSet();
        var rows = await db.Alerts.AsNoTracking().Where(a => ids.Contains(a.Id)).ToListAsync(ct);
        // The whole history of these alerts, not only the window: an episode resolved this week may have opened weeks ago.
        var occurrences = await db.Occurrences.AsNoTracking()
            .Where(o => o.AlertId != null && ids.Contains(o.AlertId.Value) && EpisodeOutcomes.Contains(o.Outcome))
            .OrderBy(o => o.Id)
            .Select(o => new { AlertId = o.AlertId!.Value, o.Outcome, o.ReceivedAt }).ToListAsync(ct);

        return new ReportHistory
        {
            Team = team,
            Alerts = rows.ToDictionary(a => a.Id, a => Describe(a, team, router, catalog)),
            Episodes = ReportHistory.EpisodesOf(occurrences.Select(o => (o.AlertId, o.Outcome, o.ReceivedAt))),
            Activity = activity.Select(a => (a.AlertId, a.ReceivedAt)).ToList(),
            Notifications = sent,
            Routes = routes,
            Fixes = fixes,
        };
    }

    private static ReportAlert Describe(AlertStateRow row, string team, Router router, HandlerCatalog catalog)
    {
        Dictionary<string, string> labels, annotations;
        try
        {
            labels = AlertStateMapper.Labels(row);
            annotations = AlertStateMapper.Annotations(row);
        }
        catch (JsonException)
        {
            // A row written by an older version with odd JSON still counts; it just has no host or runbook.
            (labels, annotations) = ([], []);
        }
        var handler = catalog.Find(catalog.ContextFor(labels, annotations, row.Source), row.AlertName);
        var runbook = handler is not null || RunbookAnnotations.Any(k => annotations.GetValueOrDefault(k) is { Length: > 0 });
        return new ReportAlert(row.Id, row.AlertName, row.Team ?? team, HostNames.FromLabels(labels, router.Model.HostLabels), runbook, row.Team);
    }
}
