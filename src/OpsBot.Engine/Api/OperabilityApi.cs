using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OpsBot.Hosting;
using OpsBot.Observability;
using OpsBot.Storage;

namespace OpsBot.Api;

/// <summary>/healthz, /readyz and /metrics.</summary>
public static class OperabilityApi
{
    public static void MapOperabilityApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "up" }));
        app.MapGet("/readyz", ReadyAsync);
        app.MapGet("/metrics", MetricsAsync);
    }

    private static async Task<IResult> ReadyAsync(ReadinessGate readiness, OpsBotDbContext db, CancellationToken ct)
    {
        var storeUp = await db.Database.CanConnectAsync(ct);
        var waiting = readiness.Waiting.ToList();
        if (!storeUp) waiting.Add("store");
        return waiting.Count == 0
            ? Results.Ok(new { status = "ready" })
            : Results.Json(new { status = "not_ready", waiting }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> MetricsAsync(OpsBotMetrics metrics, OpsBotDbContext db, CancellationToken ct)
    {
        var text = new StringBuilder();
        foreach (var family in metrics.All) family.WriteTo(text);

        var open = await db.Alerts.AsNoTracking().Where(a => a.Status != AlertLifecycle.Resolved)
            .GroupBy(a => a.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        text.Append("# HELP opsbot_open_alerts Alerts not yet resolved, by status.\n# TYPE opsbot_open_alerts gauge\n");
        foreach (var status in new[] { AlertLifecycle.Firing, AlertLifecycle.Acknowledged })
            text.Append($"opsbot_open_alerts{{status=\"{status.ToString().ToLowerInvariant()}\"}} {open.FirstOrDefault(o => o.Status == status)?.Count ?? 0}\n");

        var pending = await db.Inbox.CountAsync(ct);
        text.Append("# HELP opsbot_inbox_pending Accepted alerts not yet committed by the dedupe stage.\n# TYPE opsbot_inbox_pending gauge\n");
        text.Append($"opsbot_inbox_pending {pending}\n");
        return Results.Text(text.ToString(), "text/plain; version=0.0.4; charset=utf-8");
    }
}
