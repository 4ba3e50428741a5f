using Microsoft.EntityFrameworkCore;
using OpsBot.Routing;
using OpsBot.Routing.Model;
using OpsBot.Storage;

namespace OpsBot.Notify;

/// <summary>
/// Adds a message to an alert's thread in every channel that was told about it in this firing episode. Call inside a
/// pipeline transaction; the rows are delivered after the commit.
/// </summary>
public sealed class AlertThread(OpsBotDbContext db, Notifications notifications)
{
    /// <param name="mentionOnCall">Also call the person on call and the secondary (a fix that did not help).</param>
    public async Task<int> TellAsync(AlertStateRow alert, string kind, string text, CancellationToken ct, bool mentionOnCall = false)
    {
        var targets = await HeardAsync(alert, ct);
        foreach (var target in targets)
        {
            var mentions = mentionOnCall ? new[] { target.OnCall.Primary, target.OnCall.Secondary }.OfType<Member>().DistinctBy(m => m.Id).ToList() : [];
            notifications.AboutAlert(alert, target, kind, text, mentions, mentionChannel: mentionOnCall && mentions.Count == 0);
        }
        return targets.Count;
    }

    /// <summary>
    /// The targets that got a message (page or notify) in this firing episode's latest decision that was not a
    /// silence; none when it was only ever silenced or deferred.
    /// </summary>
    public async Task<IReadOnlyList<RouteTarget>> HeardAsync(AlertStateRow alert, CancellationToken ct)
    {
        var episode = alert.EpisodeStartedAt;
        var heard = await db.Routes.AsNoTracking()
            .Where(r => r.AlertId == alert.Id && r.Urgency != RouteSnapshots.Silenced && r.DecidedAt >= episode)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        if (heard is null) return [];
        return RouteSnapshots.Deserialize(heard.DecisionJson).Targets.Where(t => t.Urgency != Urgency.Digest).ToList();
    }
}
