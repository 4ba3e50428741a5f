using Microsoft.EntityFrameworkCore;
using OpsBot.Routing;
using OpsBot.Routing.Model;
using OpsBot.Storage;

namespace OpsBot.Notify;

/// <summary>
/// Adds a message to an alert's thread in every channel that was told about it (its latest routing decision that
/// was not a silence). Call inside a pipeline transaction; the rows are delivered after the commit.
/// </summary>
public sealed class AlertThread(OpsBotDbContext db, Notifications notifications)
{
    /// <param name="mentionOnCall">Also call the person on call and the secondary (a fix that did not help).</param>
    public async Task<int> TellAsync(AlertStateRow alert, string kind, string text, CancellationToken ct, bool mentionOnCall = false)
    {
        var route = await db.Routes.AsNoTracking().Where(r => r.AlertId == alert.Id && r.Urgency != RouteSnapshots.Silenced)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        if (route is null) return 0;
        var targets = RouteSnapshots.Deserialize(route.DecisionJson).Targets.Where(t => t.Urgency != Urgency.Digest).ToList();
        foreach (var target in targets)
        {
            var mentions = mentionOnCall ? new[] { target.OnCall.Primary, target.OnCall.Secondary }.OfType<Member>().DistinctBy(m => m.Id).ToList() : [];
            notifications.AboutAlert(alert, target, kind, text, mentions, mentionChannel: mentionOnCall && mentions.Count == 0);
        }
        return targets.Count;
    }
}
