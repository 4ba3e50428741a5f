using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpsBot.Api;
using OpsBot.Dedupe;
using OpsBot.Reports;
using OpsBot.Routing;
using OpsBot.Storage;

namespace OpsBot.WebConsole;

/// <summary>GET /console…: the read-only web console. Every page goes through <see cref="ConsoleAccess"/>.</summary>
public static class ConsoleEndpoints
{
    private const int MaxAlerts = 500;
    private const int AuditPageSize = 100;

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        var console = app.MapGroup("/console").AddEndpointFilter<ConsoleAccess>().ExcludeFromDescription();
        console.MapGet("/", AlertsAsync);
        console.MapGet("/silences", SilencesAsync);
        console.MapGet("/audit", AuditAsync);
        console.MapGet("/reports", ReportsIndex);
        // One route for the page and its exports: "2026-W48.csv" is the week plus a format, read in the handler.
        console.MapGet("/reports/{team}/{week}", ReportAsync);
        return app;
    }

    private static async Task<IResult> AlertsAsync([FromServices] OpsBotDbContext db, [FromServices] TimeProvider clock, CancellationToken ct)
    {
        var rows = await db.Alerts.AsNoTracking().Where(a => a.Status != AlertLifecycle.Resolved)
            .OrderByDescending(a => a.LastSeen).Take(MaxAlerts).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var latest = await db.Routes.AsNoTracking().Where(r => ids.Contains(r.AlertId))
            .GroupBy(r => r.AlertId).Select(g => g.Max(r => r.Id)).ToListAsync(ct);
        var routes = await db.Routes.AsNoTracking().Where(r => latest.Contains(r.Id)).ToDictionaryAsync(r => r.AlertId, ct);
        var alerts = rows.Select(a => new ConsoleAlert(a.Id, a.AlertName, AlertSummary.Lower(a.Severity), AlertSummary.Lower(a.Status), a.Team, a.Urgency,
            a.EpisodeStartedAt, routes.TryGetValue(a.Id, out var route) ? Reasons(route) : [], a.Summary)).ToList();
        return new HtmlPage(ConsolePages.AlertsPage(alerts, clock.GetUtcNow()));
    }

    /// <summary>Per target: which rule chose the team, then the router's own reasons (hours, policy, on call).</summary>
    internal static IReadOnlyList<string> Reasons(RouteRow route)
    {
        RouteDecision decision;
        // An unreadable snapshot should cost the reasons, not the whole page.
        try { decision = RouteSnapshots.Deserialize(route.DecisionJson); }
        catch (System.Text.Json.JsonException) { return [$"{route.Trigger}: {route.Team}, {route.Urgency} (decision not readable)"]; }
        return decision.Targets.SelectMany(t => t.Reasons.Prepend($"{t.Team}: matched by {t.MatchedBy}")).ToList();
    }

    private static async Task<IResult> SilencesAsync([FromServices] OpsBotDbContext db, [FromServices] TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var rows = await db.Silences.AsNoTracking().Where(s => s.ExpiredAt == null && s.EndsAt > now)
            .OrderByDescending(s => s.Id).Take(500).ToListAsync(ct);
        return new HtmlPage(ConsolePages.SilencesPage(rows.Select(r => SilenceView.From(r, now)).ToList()));
    }

    private static async Task<IResult> AuditAsync([FromServices] OpsBotDbContext db, long? before, CancellationToken ct)
    {
        IQueryable<AuditRow> query = db.Audit.AsNoTracking();
        if (before is { } id) query = query.Where(a => a.Id < id);
        var rows = await query.OrderByDescending(a => a.Id).Take(AuditPageSize).ToListAsync(ct);
        var older = rows.Count == AuditPageSize ? $"/console/audit?before={rows[^1].Id}" : null;
        return new HtmlPage(ConsolePages.AuditPage(rows, older));
    }

    private static IResult ReportsIndex([FromServices] Router router, [FromServices] TimeProvider clock)
    {
        var teams = router.Model.Teams.Keys.Order(StringComparer.OrdinalIgnoreCase).ToList();
        return new HtmlPage(ConsolePages.ReportsIndexPage(teams, ReportWeek.WeekOf(Instant.FromDateTimeOffset(clock.GetUtcNow()), DateTimeZone.Utc)));
    }

    private static async Task<IResult> ReportAsync(
        string team, string week, [FromServices] Router router, [FromServices] ReportBuilder reports, [FromServices] TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var format = Path.GetExtension(week).ToLowerInvariant();
        if (format is ".csv" or ".json") week = week[..^format.Length];
        if (!router.Model.Teams.TryGetValue(team, out var config))
            return HtmlPage.Message(StatusCodes.Status404NotFound, "No such team", $"There is no team '{team}'. The reports page lists the configured teams.");
        var now = clock.GetUtcNow();
        if (!ReportWeek.TryParse(week, Instant.FromDateTimeOffset(now), config.Calendar.Zone, out var isoWeek))
            return HtmlPage.Message(StatusCodes.Status400BadRequest, "Not a week", $"'{week}' is not a week: use an ISO week such as 2026-W48, or this or last.");

        WeeklyReport report;
        try { report = await reports.BuildAsync(config.Name, isoWeek, ct); }
        catch (ArgumentException e) when (e.ParamName == "team")
        {
            return HtmlPage.Message(StatusCodes.Status404NotFound, "No such team", e.Message);
        }
        catch (ArgumentException e)
        {
            return HtmlPage.Message(StatusCodes.Status400BadRequest, "Not a week", e.Message);
        }

        HtmlPage.SecurityHeaders(http.Response);
        return format switch
        {
            ".csv" => TypedResults.Text(ReportExports.Csv(report), "text/csv; charset=utf-8", Encoding.UTF8),
            ".json" => TypedResults.Text(ReportExports.Json(report), "application/json; charset=utf-8", Encoding.UTF8),
            _ => new HtmlPage(ConsolePages.ReportPage(report, ExportHref(report, "csv"), ExportHref(report, "json"), now)),
        };
    }

    private static string ExportHref(WeeklyReport report, string format) => ConsolePages.ReportHref(report.Team, report.Week) + "." + format;
}
