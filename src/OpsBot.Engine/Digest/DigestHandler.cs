using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsBot.Notify;
using OpsBot.Routing;
using OpsBot.Scheduling;
using OpsBot.Storage;

namespace OpsBot.Digest;

/// <summary>
/// At the start of a team's business day: one summary of the alerts deferred overnight, those still firing marked so,
/// one message per channel they were routed to.
/// </summary>
public sealed class DigestHandler(OpsBotDbContext db, Notifications notifications, TimeProvider clock, ILogger<DigestHandler> logger) : ITimerHandler
{
    public const string TimerKind = "digest";

    public sealed record Payload(string Team);

    public static string KeyFor(string team) => $"{TimerKind}:{team}";

    public string Kind => TimerKind;

    public async Task HandleAsync(TimerRow timer, CancellationToken ct)
    {
        var team = JsonSerializer.Deserialize<Payload>(timer.Payload)!.Team;
        var items = await db.DigestItems.Where(d => d.Team == team && d.DeliveredAt == null).OrderBy(d => d.Id).ToListAsync(ct);
        if (items.Count == 0) return;
        var now = clock.GetUtcNow();
        var ids = items.Select(i => i.AlertId).Distinct().ToList();
        var alerts = await db.Alerts.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var routes = await db.Routes.AsNoTracking().Where(r => ids.Contains(r.AlertId)).GroupBy(r => r.AlertId)
            .Select(g => g.OrderByDescending(r => r.Id).First()).ToListAsync(ct);
        var targets = routes.ToDictionary(r => r.AlertId, r => RouteSnapshots.Deserialize(r.DecisionJson).Targets.FirstOrDefault(t => t.Team == team));

        foreach (var channel in ids.Where(id => alerts.ContainsKey(id) && targets.GetValueOrDefault(id) is not null).GroupBy(id => targets[id]!.Channel))
        {
            var lines = channel.Select(id => Line(alerts[id])).ToList();
            var firing = channel.Count(id => alerts[id].Status != AlertLifecycle.Resolved);
            var text = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"{lines.Count} alert(s) waited for business hours, {firing} still firing:")
                .AppendJoin('\n', lines).ToString();
            notifications.Add(null, team, channel.Key, NotificationKind.Digest, $"Digest for {team}: {lines.Count} deferred alert(s)", text);
        }
        foreach (var item in items) item.DeliveredAt = now;
        logger.LogInformation("Digest for {Team}: {Count} deferred alert(s)", team, ids.Count);
    }

    private static string Line(AlertStateRow a) => a.Status switch
    {
        AlertLifecycle.Resolved => $"- resolved: {a.AlertName}: {a.Summary} (#{a.Id}, seen {a.DeliveryCount}x)",
        AlertLifecycle.Acknowledged => $"- STILL FIRING (acknowledged): {a.AlertName}: {a.Summary} (#{a.Id}, since {a.EpisodeStartedAt:u})",
        _ => $"- STILL FIRING: {a.AlertName}: {a.Summary} (#{a.Id}, since {a.EpisodeStartedAt:u})",
    };
}
