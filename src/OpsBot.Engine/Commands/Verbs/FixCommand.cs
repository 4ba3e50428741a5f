using Microsoft.EntityFrameworkCore;
using OpsBot.Notify;
using OpsBot.Outbox;
using OpsBot.Remediate;
using OpsBot.Storage;

namespace OpsBot.Commands.Verbs;

/// <summary>/ops fix &lt;id&gt; (and the Approve fix button): approves the fix awaiting approval, or says where the alert's fix stands.</summary>
public sealed class FixCommand(OpsBotDbContext db, AlertActions actions, PipelineTransaction transaction, FixRuns runs) : IOpsCommand
{
    public string Verb => "fix";

    public async Task<CommandReply> RunAsync(CommandCall call, CancellationToken ct)
    {
        var alert = await actions.FindAsync(call, ct);
        call.RequireTeam(alert.Team, $"alert {alert.Id}");
        var latest = await db.FixRuns.AsNoTracking().Where(r => r.AlertId == alert.Id).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        if (latest is null) return new($"No fix is proposed for #{alert.Id} {alert.AlertName}: no handler with a fix matches it, or its team turned the fix off.");
        call.Target = $"alert {alert.Id}, fix run {latest.Id}";
        switch (latest.State)
        {
            case FixRunState.AwaitingApproval:
                var reply = "";
                await transaction.RunAsync(null, async token =>
                {
                    var run = await db.FixRuns.FirstAsync(r => r.Id == latest.Id, token);
                    var tracked = await db.Alerts.FirstAsync(a => a.Id == alert.Id, token);
                    reply = run.State == FixRunState.AwaitingApproval ? await runs.ApproveAsync(run, tracked, call.Context.Actor, token) : "Someone else acted on it first.";
                }, ct);
                return new(reply, InChannel: true);
            case FixRunState.DryRun:
                return new($"The fix for #{alert.Id} is in dry-run for team {latest.Team}: it would run `{latest.Action}`. " +
                           $"It acts once the team sets Teams:{latest.Team}:Fixes:{latest.Handler} to approve or auto.");
            case FixRunState.Refused:
                return new($"The fix for #{alert.Id} was refused: {latest.Reason}.");
            case FixRunState.Approved or FixRunState.Running:
                return new($"The fix for #{alert.Id} is running: `{latest.Action}` (approved by {latest.ApprovedBy}).");
            default:
                return new($"The fix for #{alert.Id} ran at {TimeText.Utc(latest.FinishedAt ?? latest.CreatedAt)}: {latest.State.ToString().ToLowerInvariant()}" +
                           $"{(latest.Reason is null ? "" : $" ({latest.Reason})")}.");
        }
    }
}
