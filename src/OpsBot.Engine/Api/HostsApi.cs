using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpsBot.Enrich;

namespace OpsBot.Api;

/// <summary>GET /api/hosts/{name}: the owner, live figures with what looks wrong, and open alerts of one host in the inventory.</summary>
public static class HostsApi
{
    public static void MapHostsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/hosts/{name}", async (string name, HostLookup hosts, CancellationToken ct) =>
        {
            try { return Results.Ok(await hosts.FindAsync(name, ct)); }
            catch (ArgumentException e) { return Results.BadRequest(new ApiError("unknown_host", e.Message)); }
        });
}
