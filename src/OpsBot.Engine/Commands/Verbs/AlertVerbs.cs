using System.Text;
using Microsoft.EntityFrameworkCore;
using OpsBot.Notify;
using OpsBot.Notify.Cards;
using OpsBot.Routing;
using OpsBot.Storage;

namespace OpsBot.Commands.Verbs;

public sealed class AlertsCommand(OpsBotDbContext db) : IOpsCommand
{
    private const int Shown = 20;
    public string Verb => "alerts";

    public async Task<CommandReply> RunAsync(CommandCall call, CancellationToken ct)
    {
        var team = call.Words.FirstOrDefault();
        var query = db.Alerts.AsNoTracking().Where(a => a.Status != AlertLifecycle.Resolved);
        if (team is not null) query = query.Where(a => a.Team == team);
        var open = await query.OrderByDescending(a => a.LastSeen).Take(Shown + 1).ToListAsync(ct);
        if (open.Count == 0) return new($"No open alerts{(team is null ? "" : $" for team {team}")}.");
        var text = new StringBuilder($"Open alerts{(team is null ? "" : $" for team {team}")}:\n");
        foreach (var a in open.Take(Shown))
            text.Append($"#{a.Id} [{a.Severity.ToString().ToLowerInvariant()}] {a.AlertName}: {a.Summary} — {a.Team ?? "unrouted"}, " +
                        $"{(a.Status == AlertLifecycle.Acknowledged ? "acknowledged" : a.Urgency == RouteSnapshots.Silenced ? "silenced" : "firing")} since {TimeText.Utc(a.EpisodeStartedAt)}\n");
        if (open.Count > Shown) text.Append($"…and more; see /api/alerts?status=open");
        return new(text.ToString().TrimEnd());
    }
}

public sealed class AckCommand(AlertActions actions) : IOpsCommand
{
    public string Verb => "ack";
    public Task<CommandReply> RunAsync(CommandCall call, CancellationToken ct) => actions.AcknowledgeAsync(call, ct);
}

public sealed class ResolveCommand(AlertActions actions) : IOpsCommand
{
    public string Verb => "resolve";
    public Task<CommandReply> RunAsync(CommandCall call, CancellationToken ct) => actions.ResolveAsync(call, ct);
}

/// <summary>Why an alert went where it went: every routing decision with its reasons, and what dedupe made of its deliveries.</summary>
public sealed class WhyCommand(OpsBotDbContext db, AlertActions actions) : IOpsCommand
{
    public string Verb => "why";

    public async Task<CommandReply> RunAsync(CommandCall call, CancellationToken ct)
    {
        var alert = await actions.FindAsync(call, ct);
        call.Target = $"alert {alert.Id}";
        var text = new StringBuilder($"#{alert.Id} {alert.AlertName} ({alert.Source}, {alert.Status.ToString().ToLowerInvariant()}): {alert.Summary}\n");
        var routes = await db.Routes.AsNoTracking().Where(r => r.AlertId == alert.Id).OrderBy(r => r.Id).ToListAsync(ct);
        foreach (var route in routes.TakeLast(5))
        {
            text.Append($"{TimeText.Utc(route.DecidedAt)} {route.Trigger}: {route.Team}, {route.Urgency}\n");
            foreach (var target in RouteSnapshots.Deserialize(route.DecisionJson).Targets)
                foreach (var reason in target.Reasons) text.Append($"   {target.Team}: {reason}\n");
        }
        if (routes.Count == 0) text.Append("Not routed yet.\n");
        var history = await db.Occurrences.AsNoTracking().Where(o => o.AlertId == alert.Id)
            .GroupBy(o => o.Outcome).Select(g => new { Outcome = g.Key, Count = g.Count() }).ToListAsync(ct);
        text.Append($"Deliveries: {alert.DeliveryCount} over {alert.OccurrenceCount} firing episode(s); dedupe: " +
                    string.Join(", ", history.OrderByDescending(h => h.Count).Select(h => $"{h.Count} {h.Outcome.ToLowerInvariant()}")));
        if (alert.Flapping) text.Append("\nFlapping now.");
        return new(text.ToString());
    }
}

/// <summary>Runbook steps by alert number, or by alert name (the latest alert of that name).</summary>
public sealed class RunbookCommand(OpsBotDbContext db, IRunbookSource runbooks) : IOpsCommand
{
    public string Verb => "runbook";

    public async Task<CommandReply> RunAsync(CommandCall call, CancellationToken ct)
    {
        var what = call.Words.FirstOrDefault()?.TrimStart('#') ?? throw call.Usage("Which alert?");
        var alert = long.TryParse(what, out var id)
            ? await db.Alerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct)
            : await db.Alerts.AsNoTracking().Where(a => a.AlertName == what).OrderByDescending(a => a.LastSeen).FirstOrDefaultAsync(ct);
        if (alert is null) throw new CommandUsage($"No alert '{what}' is known.");
        call.Target = $"alert {alert.Id}";
        var steps = runbooks.StepsFor(alert);
        if (steps.Count == 0) return new($"There is no runbook for {alert.AlertName} yet. Add a description or runbook_url annotation to its rule.");
        return new($"Runbook for {alert.AlertName} (#{alert.Id}):\n" + string.Join("\n", steps.Select((s, i) => $"{i + 1}. {s}")));
    }
}
