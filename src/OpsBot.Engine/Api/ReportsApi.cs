using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;
using OpsBot.Reports;
using OpsBot.Routing;

namespace OpsBot.Api;

/// <summary>GET /api/reports/{team}/{week}: the weekly report as JSON, or CSV with ?format=csv. Week: 2026-W47, this or last.</summary>
public static class ReportsApi
{
    public static void MapReportsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/{team}/{week}", async (string team, string week, string? format, ReportBuilder reports, Router router, TimeProvider clock,
            CancellationToken ct) =>
        {
            if (!router.Model.Teams.TryGetValue(team, out var model)) return Results.NotFound(new ApiError("unknown_team", $"no team '{team}'"));
            if (!ReportWeek.TryParse(week, Instant.FromDateTimeOffset(clock.GetUtcNow()), model.Calendar.Zone, out var isoWeek))
                return Results.BadRequest(new ApiError("bad_week", $"'{week}' is not a week like 2026-W47, this or last"));
            var report = await reports.BuildAsync(model.Name, isoWeek, ct);
            return format?.ToLowerInvariant() switch
            {
                null or "json" => Results.Text(ReportExports.Json(report), "application/json"),
                "csv" => Results.Text(ReportExports.Csv(report), "text/csv"),
                _ => Results.BadRequest(new ApiError("bad_format", "format is json or csv")),
            };
        });
}
