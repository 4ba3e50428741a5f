using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpsBot.Storage;

namespace OpsBot.Routing;

/// <summary>Reads and writes the routing decisions stored with alerts.</summary>
public static class RouteSnapshots
{
    public const string Silenced = "silenced";

    public static string Serialize(RouteDecision decision) => JsonSerializer.Serialize(decision);

    public static RouteDecision Deserialize(string json) =>
        JsonSerializer.Deserialize<RouteDecision>(json) ?? throw new InvalidOperationException("empty routing snapshot");

    public static Task<RouteRow?> LatestAsync(OpsBotDbContext db, long alertId, CancellationToken ct) =>
        db.Routes.AsNoTracking().Where(r => r.AlertId == alertId).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
}
