using Microsoft.EntityFrameworkCore;
using OpsBot.Alerts;
using OpsBot.Contracts;
using OpsBot.Ingest;
using OpsBot.Routing;
using OpsBot.Silences;
using OpsBot.SourceSync;
using OpsBot.Storage;

namespace OpsBot.Commands;

/// <summary>
/// Acknowledge and resolve from chat. The action enters the pipeline like any source's delivery (as an OpsBot-source
/// event with the alert's own fingerprint), so dedupe, escalation and the card edits treat it exactly the same.
/// </summary>
public sealed class AlertActions(OpsBotDbContext db, StoreWriteLock writeLock, IAlertAcceptor acceptor, PagerDutyStatusSync pagerDuty, SilenceService silences, Router router,
    TimeProvider clock)
{
    public async Task<AlertStateRow> FindAsync(CommandCall call, CancellationToken ct)
    {
        var text = call.Words.FirstOrDefault()?.TrimStart('#');
        if (!long.TryParse(text, out var id) || id <= 0) throw call.Usage("Give the alert's number, e.g. 12 (it is in the alert's title).");
        return await db.Alerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct)
               ?? throw new CommandUsage($"There is no alert #{id}.");
    }

    public async Task<CommandReply> AcknowledgeAsync(CommandCall call, CancellationToken ct)
    {
        var alert = await FindAsync(call, ct);
        call.RequireTeam(alert.Team, $"alert {alert.Id}");
        if (alert.Status == AlertLifecycle.Resolved) return new($"#{alert.Id} is already resolved.");
        if (alert.Status == AlertLifecycle.Acknowledged) return new($"#{alert.Id} is already acknowledged.");
        await SubmitAsync(alert, AlertSignal.Acknowledged, call.Context, ct);
        var lines = new List<string> { $"Acknowledged #{alert.Id} {alert.AlertName}; escalation stops." };
        if (await pagerDuty.SyncAsync(alert, "acknowledged", ct) is { } synced) lines.Add(synced);
        if (await SilenceInAlertmanagerAsync(alert, call.Context, ct) is { } silenced) lines.Add(silenced);
        return new(string.Join("\n", lines));
    }

    public async Task<CommandReply> ResolveAsync(CommandCall call, CancellationToken ct)
    {
        var alert = await FindAsync(call, ct);
        call.RequireTeam(alert.Team, $"alert {alert.Id}");
        if (alert.Status == AlertLifecycle.Resolved) return new($"#{alert.Id} is already resolved.");
        await SubmitAsync(alert, AlertSignal.Resolved, call.Context, ct);
        var lines = new List<string> { $"Resolved #{alert.Id} {alert.AlertName}." };
        if (await pagerDuty.SyncAsync(alert, "resolved", ct) is { } synced) lines.Add(synced);
        var ackSilences = await db.Silences.AsNoTracking().Where(s => s.AcknowledgedAlertId == alert.Id && s.ExpiredAt == null).Select(s => s.Id).ToListAsync(ct);
        foreach (var silence in ackSilences)
        {
            await silences.ExpireAsync(silence, ct);
            lines.Add($"Silence {silence} from its acknowledgement ended.");
        }
        return new(string.Join("\n", lines));
    }

    private async Task SubmitAsync(AlertStateRow alert, AlertSignal signal, CommandContext who, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var verb = signal == AlertSignal.Acknowledged ? "acknowledged" : "resolved";
        var delivery = new Alert
        {
            Fingerprint = alert.Fingerprint,
            Source = AlertSource.OpsBot,
            Status = signal,
            Labels = Dedupe.AlertStateMapper.Labels(alert),
            Annotations = new() { ["note"] = $"{verb} by {who.Person?.Name ?? who.UserName ?? who.UserId} in {Capitalised(who.Platform)}" },
            Severity = alert.Severity,
            Summary = alert.Summary,
            StartsAt = alert.EpisodeStartedAt,
            EndsAt = signal == AlertSignal.Resolved ? now : null,
            ReceivedAt = now,
        };
        await acceptor.AcceptAsync(null, [new AlertReceived(Guid.NewGuid(), delivery)], ct);
    }

    /// <summary>For teams that chose it: an acknowledged Alertmanager alert is silenced there too, so it stops repeating.</summary>
    private async Task<string?> SilenceInAlertmanagerAsync(AlertStateRow alert, CommandContext who, CancellationToken ct)
    {
        if (alert.Source != AlertSource.Alertmanager || alert.Team is null) return null;
        if (!router.Model.Teams.TryGetValue(alert.Team, out var team) || team.AckSilencesFor is not { } duration) return null;
        var matchers = Verbs.SilenceCommand.ExactlyThisAlert(alert);
        var row = await silences.CreateAsync(new SilenceRequest
        {
            Matchers = matchers, Duration = DurationText.Format(duration), CreatedBy = who.Actor, Team = team.Name,
            Comment = $"alert #{alert.Id} acknowledged in chat; resolving it there ends this silence",
        }, who.Actor, ct);
        using (await writeLock.AcquireAsync(ct))
            await db.Silences.Where(s => s.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.AcknowledgedAlertId, alert.Id), ct);
        return $"Silenced in OpsBot{(row.AlertmanagerId is null ? "" : " and Alertmanager")} for {DurationText.Format(duration)} (silence {row.Id}).";
    }

    private static string Capitalised(string platform) => platform.Length == 0 ? platform : char.ToUpperInvariant(platform[0]) + platform[1..];
}
