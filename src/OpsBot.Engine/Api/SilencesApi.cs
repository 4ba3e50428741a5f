using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OpsBot.Silences;
using OpsBot.Storage;

namespace OpsBot.Api;

/// <summary>GET/POST /api/silences and DELETE /api/silences/{id} (expire), like Alertmanager's, plus maintenance windows and recurring windows.</summary>
public static class SilencesApi
{
    public static void MapSilencesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/silences");
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:long}", GetAsync);
        group.MapPost("/", CreateAsync).AddEndpointFilter<ApiWriteAccess>();
        group.MapDelete("/{id:long}", ExpireAsync).AddEndpointFilter<ApiWriteAccess>();
    }

    /// <param name="state">active (default: active and not yet started), expired or all.</param>
    private static async Task<IResult> ListAsync(OpsBotDbContext db, TimeProvider clock, string? state, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        IQueryable<SilenceRow> query = db.Silences.AsNoTracking();
        switch (state?.ToLowerInvariant() ?? "active")
        {
            case "active": query = query.Where(s => s.ExpiredAt == null && s.EndsAt > now); break;
            case "expired": query = query.Where(s => s.ExpiredAt != null || s.EndsAt <= now); break;
            case "all": break;
            default: return TypedResults.BadRequest(new ApiError("bad_state", "state must be active, expired or all"));
        }
        var rows = await query.OrderByDescending(s => s.Id).Take(500).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => SilenceView.From(r, now)).ToArray());
    }

    private static async Task<IResult> GetAsync(long id, OpsBotDbContext db, TimeProvider clock, CancellationToken ct) =>
        await db.Silences.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) is { } row
            ? TypedResults.Ok(SilenceView.From(row, clock.GetUtcNow()))
            : TypedResults.NotFound(new ApiError("not_found", $"no silence with id {id}"));

    private static async Task<IResult> CreateAsync(HttpContext http, SilenceService silences, TimeProvider clock, CancellationToken ct)
    {
        if (!http.Request.HasJsonContentType())
            return TypedResults.Json(new ApiError("unsupported_media_type", "send the silence as JSON (Content-Type: application/json)"), statusCode: 415);
        SilenceRequest? request;
        try { request = await http.Request.ReadFromJsonAsync<SilenceRequest>(ct); }
        catch (JsonException e) { return TypedResults.BadRequest(new ApiError("bad_json", "the body is not valid JSON for a silence: " + e.Message)); }
        catch (BadHttpRequestException e) { return TypedResults.BadRequest(new ApiError("bad_request", e.Message)); }
        if (request is null) return TypedResults.BadRequest(new ApiError("bad_json", "send a JSON object"));
        try
        {
            var row = await silences.CreateAsync(request, ApiWriteAccess.User(http), ct);
            return TypedResults.Created($"/api/silences/{row.Id}", SilenceView.From(row, clock.GetUtcNow()));
        }
        catch (SilenceRejected e)
        {
            return TypedResults.BadRequest(new ApiError(e.Code, e.Message));
        }
        catch (Exception e) when (e is ArgumentException or OverflowException)
        {
            // Values that parse but cannot be used: a null matcher, times beyond the calendar.
            return TypedResults.BadRequest(new ApiError("bad_request", e.Message));
        }
    }

    private static async Task<IResult> ExpireAsync(long id, SilenceService silences, TimeProvider clock, CancellationToken ct) =>
        await silences.ExpireAsync(id, ct) is { } row
            ? TypedResults.Ok(SilenceView.From(row, clock.GetUtcNow()))
            : TypedResults.NotFound(new ApiError("not_found", $"no silence with id {id}"));
}

public sealed record SilenceView(
    long Id, string Kind, string State, string[] Matchers, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Recurrence, string? TimeZone,
    string CreatedBy, string Comment, string? Team, DateTimeOffset CreatedAt, DateTimeOffset? ExpiredAt, AlertmanagerSync Alertmanager)
{
    public static SilenceView From(SilenceRow r, DateTimeOffset now) => new(
        r.Id, r.Kind, StateAt(r, now), JsonSerializer.Deserialize<string[]>(r.MatchersJson) ?? [], r.StartsAt, r.EndsAt, r.Recurrence, r.TimeZone,
        r.CreatedBy, r.Comment, r.Team, r.CreatedAt, r.ExpiredAt,
        new AlertmanagerSync(r.AlertmanagerId is not null ? "synced" : r.AlertmanagerError is not null ? "failed" : r.Recurrence is not null ? "not_mirrored" : "off",
            r.AlertmanagerId, r.AlertmanagerError));

    /// <summary>expired, pending (not started), active, or scheduled (a recurring window between occurrences).</summary>
    private static string StateAt(SilenceRow r, DateTimeOffset now) =>
        r.ExpiredAt is not null || r.EndsAt <= now ? "expired"
        : r.StartsAt > now ? "pending"
        : SilenceBook.InEffectUntil(r, now) is null ? "scheduled"
        : "active";
}

/// <param name="State">synced, failed, off (no Alertmanager:Url) or not_mirrored (recurring windows stay in OpsBot).</param>
public sealed record AlertmanagerSync(string State, string? Id, string? Error);
