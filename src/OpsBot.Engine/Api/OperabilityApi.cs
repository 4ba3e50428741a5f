using System.Text;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsBot.Bus;
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

    /// <summary>
    /// Ready means this replica can accept alerts durably now. Embedded, that is the SQLite store. On the broker it is
    /// the broker: with PostgreSQL away the replica still accepts (the stages catch up later), so the store is only
    /// reported, and a replica that lost RabbitMQ is taken out of the load balancer.
    /// </summary>
    private static async Task<IResult> ReadyAsync(ReadinessGate readiness, OpsBotDbContext db, IBusControl bus, IOptions<BusOptions> busOptions, CancellationToken ct)
    {
        var waiting = readiness.Waiting.ToList();
        var storeUp = await db.Database.CanConnectAsync(ct);
        var onBroker = busOptions.Value.Kind == BusTransport.RabbitMq;
        if (onBroker && bus.CheckHealth().Status != BusHealthStatus.Healthy) waiting.Add("bus");
        if (!storeUp && !onBroker) waiting.Add("store");
        var degraded = !storeUp && onBroker ? new[] { "store" } : [];
        return waiting.Count == 0
            ? Results.Ok(new { status = "ready", degraded })
            : Results.Json(new { status = "not_ready", waiting, degraded }, statusCode: StatusCodes.Status503ServiceUnavailable);
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
