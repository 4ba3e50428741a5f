using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OpsBot.Storage;

namespace OpsBot.Api;

/// <summary>GET /api/audit: the audit log of chat commands and button presses, newest first.</summary>
public static class AuditApi
{
    public static void MapAuditApi(this IEndpointRouteBuilder app) => app.MapGet("/api/audit", ListAsync);

    /// <param name="before">Entries older than this id, to page back.</param>
    private static async Task<IResult> ListAsync(OpsBotDbContext db, string? user, string? result, long? before, int? limit, CancellationToken ct)
    {
        var take = Math.Clamp(limit ?? 100, 1, 1000);
        IQueryable<AuditRow> query = db.Audit.AsNoTracking();
        if (!string.IsNullOrEmpty(user)) query = query.Where(a => a.Person == user || a.UserId == user);
        if (!string.IsNullOrEmpty(result)) query = query.Where(a => a.Result == result);
        if (before is { } id) query = query.Where(a => a.Id < id);
        return TypedResults.Ok(await query.OrderByDescending(a => a.Id).Take(take).ToListAsync(ct));
    }
}
