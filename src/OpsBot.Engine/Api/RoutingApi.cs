using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OpsBot.Alerts;
using OpsBot.Heartbeats;
using OpsBot.Routing;
using OpsBot.Silences;
using OpsBot.Storage;

namespace OpsBot.Api;

/// <summary>POST /api/route-test (where would this go, and why), notifications, and heartbeats.</summary>
public static class RoutingApi
{
    public static void MapRoutingApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/route-test", RouteTestAsync);
        app.MapGet("/api/notifications", NotificationsAsync);
        app.MapGet("/api/heartbeats", HeartbeatsAsync);
        app.MapPost("/api/heartbeats/{name}", (string name, HeartbeatMonitor monitor) => monitor.Beat(name)
            ? Results.Accepted(value: new { status = "beat", heartbeat = name })
            : Results.NotFound(new ApiError("unknown_heartbeat", $"no heartbeat '{name}' is configured (Heartbeats:{name})")))
            .AddEndpointFilter<ApiWriteAccess>();
    }

    public sealed record RouteTestRequest(Dictionary<string, string>? Labels, string? Severity, DateTimeOffset? At);

    public sealed record RouteTestAnswer(string Severity, RouteDecision Decision, SilenceView? SilencedBy);

    private static async Task<IResult> RouteTestAsync(HttpContext http, Router router, SilenceBook silences, TimeProvider clock, CancellationToken ct)
    {
        if (!http.Request.HasJsonContentType())
            return TypedResults.Json(new ApiError("unsupported_media_type", "send the labels as JSON (Content-Type: application/json)"), statusCode: 415);
        RouteTestRequest? request;
        try { request = await http.Request.ReadFromJsonAsync<RouteTestRequest>(ct); }
        catch (JsonException e) { return TypedResults.BadRequest(new ApiError("bad_json", "expected {\"labels\": {...}, \"at\": optional time}: " + e.Message)); }
        if (request?.Labels is not { Count: > 0 } labels) return TypedResults.BadRequest(new ApiError("no_labels", "give the alert's labels, e.g. {\"labels\": {\"alertname\": \"DiskFull\", \"instance\": \"web-1\"}}"));
        if (labels.FirstOrDefault(l => l.Value is null) is { Key: { } nullLabel })
            return TypedResults.BadRequest(new ApiError("bad_labels", $"label {nullLabel} is null; label values are strings"));
        var severity = SeverityParser.Parse(request.Severity ?? labels.GetValueOrDefault(LabelNames.Severity));
        var at = request.At ?? clock.GetUtcNow();
        try
        {
            var silence = await silences.FindAsync(labels, at, ct);
            return TypedResults.Ok(new RouteTestAnswer(severity.ToString().ToLowerInvariant(), router.Decide(labels, severity, at),
                silence is null ? null : SilenceView.From(silence.Silence, at)));
        }
        catch (ArgumentOutOfRangeException)
        {
            return TypedResults.BadRequest(new ApiError("bad_time", $"{at:O} is outside the range routing can work with"));
        }
    }

    private static async Task<IResult> NotificationsAsync(OpsBotDbContext db, long? alert, string? team, string? kind, int? limit, CancellationToken ct)
    {
        var query = db.Notifications.AsNoTracking();
        if (alert is not null) query = query.Where(n => n.AlertId == alert);
        if (team is not null) query = query.Where(n => n.Team == team);
        if (kind is not null) query = query.Where(n => n.Kind == kind);
        var rows = await query.OrderByDescending(n => n.Id).Take(Math.Clamp(limit ?? 100, 1, 1000)).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(NotificationView.From).ToArray());
    }

    private static async Task<IResult> HeartbeatsAsync(OpsBotDbContext db, HeartbeatMonitor monitor, CancellationToken ct)
    {
        var rows = await db.Heartbeats.AsNoTracking().ToDictionaryAsync(h => h.Name, ct);
        return TypedResults.Ok(monitor.Configured.Values.Select(h =>
        {
            var row = rows.GetValueOrDefault(h.Name);
            return new
            {
                name = h.Name,
                interval = h.Interval,
                matchers = h.Matchers.Select(m => m.ToString()),
                lastSeen = row?.LastSeen,
                missingSince = row?.MissingSince,
                state = row is null ? "starting" : row.MissingSince is null ? "ok" : "missing",
            };
        }).ToArray());
    }
}

public sealed record NotificationView(
    long Id, long? AlertId, string Team, string Kind, int Level, string Channel, string? SlackChannel, string? DiscordChannel,
    string[] Mentions, bool MentionChannel, string Title, string Text, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt)
{
    public static NotificationView From(NotificationRow n) => new(
        n.Id, n.AlertId, n.Team, n.Kind, n.Level, n.Channel, n.SlackChannel, n.DiscordChannel,
        Notify.Notifications.Mentions(n.MentionsJson).Select(m => m.Id).ToArray(), n.MentionChannel, n.Title, n.Text, n.CreatedAt, n.DeliveredAt);
}
