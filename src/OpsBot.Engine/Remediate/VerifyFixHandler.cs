using Microsoft.EntityFrameworkCore;
using OpsBot.Notify;
using OpsBot.Scheduling;
using OpsBot.Storage;

namespace OpsBot.Remediate;

/// <summary>After a fix ran: the alert should have resolved by now. If not, a person is called with what was tried.</summary>
public sealed class VerifyFixHandler(OpsBotDbContext db, FixRuns runs, AlertThread thread) : ITimerHandler
{
    public const string TimerKind = "verify-fix";
    public sealed record Payload(long FixRunId);
    public static string KeyFor(long runId) => $"verify-fix:{runId}";

    public string Kind => TimerKind;

    public async Task HandleAsync(TimerRow timer, CancellationToken ct)
    {
        var payload = System.Text.Json.JsonSerializer.Deserialize<Payload>(timer.Payload)!;
        var run = await db.FixRuns.FirstOrDefaultAsync(r => r.Id == payload.FixRunId, ct);
        if (run is null || run.State != FixRunState.Succeeded) return;
        var alert = await db.Alerts.FirstAsync(a => a.Id == run.AlertId, ct);
        if (alert.Status == AlertLifecycle.Resolved)
        {
            run.State = FixRunState.Verified;
            runs.Audit(run, "opsbot", "verified");
            await thread.TellAsync(alert, NotificationKind.Fix, $"Fix {run.Handler} verified: the alert resolved after `{run.Action}`.", ct);
            return;
        }
        run.State = FixRunState.Unresolved;
        run.Reason = "the alert did not resolve after the fix";
        runs.Audit(run, "opsbot", "unresolved");
        await thread.TellAsync(alert, NotificationKind.Fix,
            $"Fix {run.Handler} did not resolve the alert: `{run.Action}` ran at {TimeText.Utc(run.FinishedAt ?? run.CreatedAt)} and it still fires. Over to a human.",
            ct, mentionOnCall: true);
    }
}
