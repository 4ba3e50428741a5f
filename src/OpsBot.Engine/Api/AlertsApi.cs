using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OpsBot.Dedupe;
using OpsBot.Storage;

namespace OpsBot.Api;

/// <summary>GET /api/alerts and /api/alerts/{id}: the dedupe state, for people and for tools.</summary>
public static class AlertsApi
{
    private const int MaxLimit = 1000;

    public static RouteGroupBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/alerts");
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:long}", GetAsync);
        return group;
    }

    /// <param name="status">open (default: firing and acknowledged), firing, acknowledged, resolved or all.</param>
    /// <param name="label">name=value, repeatable; all must match.</param>
    /// <param name="team">only alerts whose latest route went to this team.</param>
    private static async Task<Results<Ok<AlertSummary[]>, BadRequest<ApiError>>> ListAsync(
        OpsBotDbContext db, string? status, string[]? label, string? team, int? limit, CancellationToken ct)
    {
        IQueryable<AlertStateRow> query = db.Alerts.AsNoTracking();
        if (team is not null) query = query.Where(a => a.Team == team);
        switch (status?.ToLowerInvariant() ?? "open")
        {
            case "open": query = query.Where(a => a.Status != AlertLifecycle.Resolved); break;
            case "all": break;
            case var s when Routing.Config.EnumNames.TryParse<AlertLifecycle>(s, out var lifecycle):
                query = query.Where(a => a.Status == lifecycle);
                break;
            default:
                return TypedResults.BadRequest(new ApiError("bad_status", "status must be open, firing, acknowledged, resolved or all"));
        }

        var matchers = new List<(string Name, string Value)>();
        foreach (var text in label ?? [])
        {
            var at = text.IndexOf('=');
            if (at <= 0) return TypedResults.BadRequest(new ApiError("bad_label", $"label filter '{text}' must look like name=value"));
            matchers.Add((text[..at], text[(at + 1)..]));
        }

        var take = Math.Clamp(limit ?? 100, 1, MaxLimit);
        var rows = query.OrderByDescending(a => a.LastSeen).AsAsyncEnumerable();
        var result = new List<AlertSummary>(take);
        await foreach (var row in rows.WithCancellation(ct))
        {
            var labels = AlertStateMapper.Labels(row);
            if (matchers.All(m => labels.TryGetValue(m.Name, out var v) && v == m.Value)) result.Add(AlertSummary.From(row, labels));
            if (result.Count == take) break;
        }
        return TypedResults.Ok(result.ToArray());
    }

    private static async Task<Results<Ok<AlertDetail>, NotFound<ApiError>>> GetAsync(long id, OpsBotDbContext db, CancellationToken ct)
    {
        var row = await db.Alerts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (row is null) return TypedResults.NotFound(new ApiError("not_found", $"no alert with id {id}"));
        var history = await db.Occurrences.AsNoTracking().Where(o => o.AlertId == id)
            .OrderByDescending(o => o.Id).Take(50).ToListAsync(ct);
        var routes = await db.Routes.AsNoTracking().Where(r => r.AlertId == id).OrderByDescending(r => r.Id).Take(20).ToListAsync(ct);
        var notifications = await db.Notifications.AsNoTracking().Where(n => n.AlertId == id).OrderByDescending(n => n.Id).Take(50).ToListAsync(ct);
        var diagnostics = await db.DiagnosticRuns.AsNoTracking().Where(d => d.AlertId == id).OrderByDescending(d => d.Id).Take(50).ToListAsync(ct);
        var fixes = await db.FixRuns.AsNoTracking().Where(f => f.AlertId == id).OrderByDescending(f => f.Id).Take(20).ToListAsync(ct);
        return TypedResults.Ok(AlertDetail.From(row, history, routes, notifications, diagnostics, fixes));
    }
}

public sealed record ApiError(string Error, string Message);
