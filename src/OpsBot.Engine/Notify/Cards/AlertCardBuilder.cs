using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OpsBot.Alerts;
using OpsBot.Chat;
using OpsBot.Routing;
using OpsBot.Storage;

namespace OpsBot.Notify.Cards;

/// <summary>Builds an alert's card from what is stored now: state, where, since when, how often, owner and why, runbook, buttons.</summary>
public sealed class AlertCardBuilder(OpsBotDbContext db, CardActions actions, IRunbookSource runbooks)
{
    /// <param name="withButtons">False where nobody can press them (the console): no button ids are created.</param>
    public async Task<AlertCard> BuildAsync(AlertStateRow alert, CancellationToken ct, bool withButtons = true)
    {
        var route = await db.Routes.AsNoTracking().Where(r => r.AlertId == alert.Id && r.Urgency != RouteSnapshots.Silenced)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        var decision = route is null ? null : RouteSnapshots.Deserialize(route.DecisionJson);
        var state = alert.Status switch
        {
            AlertLifecycle.Acknowledged => CardState.Acknowledged,
            AlertLifecycle.Resolved => CardState.Resolved,
            _ => CardState.Firing,
        };
        return new AlertCard
        {
            AlertId = alert.Id,
            Title = Notifications.Title(alert),
            Summary = alert.Summary,
            Severity = alert.Severity,
            State = state,
            StateLine = await StateLineAsync(alert, state, ct),
            Fields = Fields(alert, decision),
            RunbookSteps = runbooks.StepsFor(alert),
            Links = Dedupe.AlertStateMapper.Links(alert),
            Buttons = state == CardState.Resolved || !withButtons ? [] : await ButtonsAsync(alert, state, ct),
        };
    }

    private async Task<string> StateLineAsync(AlertStateRow alert, CardState state, CancellationToken ct)
    {
        switch (state)
        {
            case CardState.Resolved:
                var end = alert.ResolvedAt ?? alert.LastSeen;
                return $"Resolved at {TimeText.Utc(end)} after {TimeText.Duration(end - alert.EpisodeStartedAt)}";
            case CardState.Acknowledged:
                var note = await db.Occurrences.AsNoTracking()
                    .Where(o => o.AlertId == alert.Id && o.Signal == AlertSignal.Acknowledged && o.Outcome == "Acknowledged")
                    .OrderByDescending(o => o.Id).Select(o => o.Note).FirstOrDefaultAsync(ct);
                return $"Acknowledged at {TimeText.Utc(alert.AcknowledgedAt ?? alert.LastSeen)}{(note is null ? "" : $" ({note})")}";
            default:
                var episode = alert.EpisodeStartedAt;
                var level = await db.Notifications.AsNoTracking()
                    .Where(n => n.AlertId == alert.Id && n.Kind == NotificationKind.Escalation && n.CreatedAt >= episode)
                    .MaxAsync(n => (int?)n.Level, ct);
                return $"Firing since {TimeText.Utc(alert.EpisodeStartedAt)}{(level is { } l ? $", escalated to level {l}" : "")}{(alert.Flapping ? ", flapping" : "")}";
        }
    }

    private static IReadOnlyList<CardField> Fields(AlertStateRow alert, RouteDecision? decision)
    {
        var fields = new List<CardField>();
        if (decision?.Host is { } host) fields.Add(new("Host", host));
        if (decision?.Service is { } service) fields.Add(new("Service", service));
        fields.Add(new("Severity", alert.Severity.ToString().ToLowerInvariant()));
        fields.Add(new("Since", TimeText.Utc(alert.EpisodeStartedAt)));
        fields.Add(new("Seen", $"{Times(alert.OccurrenceCount, "episode")}, {Times(alert.DeliveryCount, "delivery", "deliveries")}"));
        fields.Add(new("Source", alert.Source.ToString()));
        if (decision is not null)
        {
            var target = decision.Primary;
            fields.Add(new("Owner", $"{target.Team} ({target.Urgency.ToString().ToLowerInvariant()}, {target.LocalTime} {target.TimeZone})"));
            if (target.OnCall.Primary is { } onCall) fields.Add(new("On call", onCall.Name));
            fields.Add(new("Why", string.Join("; ", target.Reasons), Inline: false));
        }
        return fields;
    }

    private async Task<IReadOnlyList<CardButton>> ButtonsAsync(AlertStateRow alert, CardState state, CancellationToken ct)
    {
        var wanted = state == CardState.Firing
            ? new[] { CardActions.Ack, CardActions.Resolve, CardActions.SilenceHour, CardActions.Runbook }
            : new[] { CardActions.Resolve, CardActions.SilenceHour, CardActions.Runbook };
        var awaitingApproval = await db.FixRuns.AsNoTracking().AnyAsync(f => f.AlertId == alert.Id && f.State == FixRunState.AwaitingApproval, ct);
        if (awaitingApproval) wanted = [.. wanted, CardActions.ApproveFix];
        var ids = await actions.IdsForAsync(alert.Id, wanted, ct);
        return wanted.Select(a => new CardButton(Label(a), ids[a], Style(a))).ToList();
    }

    private static ButtonStyle Style(string action) => action switch
    {
        CardActions.Ack => ButtonStyle.Primary,
        CardActions.ApproveFix => ButtonStyle.Danger,
        _ => ButtonStyle.Default,
    };

    private static string Label(string action) => action switch
    {
        CardActions.Ack => "Acknowledge",
        CardActions.ApproveFix => "Approve fix",
        CardActions.Resolve => "Resolve",
        CardActions.SilenceHour => "Silence 1h",
        _ => "Runbook",
    };

    private static string Times(int n, string one, string? many = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? one : many ?? one + "s")}");
}
