using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsBot.Contracts;
using OpsBot.Handlers;
using OpsBot.Notify;
using OpsBot.Outbox;
using OpsBot.Scheduling;
using OpsBot.Storage;

namespace OpsBot.Remediate;

/// <summary>
/// The remediate stage: runs an approved fix, records what happened, and schedules the check that it worked. A run
/// is marked running before it starts and is never started twice: after a crash mid-run it stays "running" for a
/// person to look at, rather than acting again.
/// </summary>
public sealed class FixExecutionConsumer(OpsBotDbContext db, PipelineTransaction transaction, FixExecutors executors, FixRuns runs, AlertThread thread,
    DurableTimers timers, HandlerCatalog catalog, TimeProvider clock, ILogger<FixExecutionConsumer> logger) : IConsumer<FixApproved>
{
    public async Task Consume(ConsumeContext<FixApproved> context)
    {
        var ct = context.CancellationToken;
        FixRunRow? run = null;
        var claimed = await transaction.RunAsync(context.MessageId, async token =>
        {
            run = await db.FixRuns.FirstOrDefaultAsync(r => r.Id == context.Message.FixRunId, token);
            if (run is null || run.State != FixRunState.Approved) { run = null; return; }
            var alert = await db.Alerts.FirstAsync(a => a.Id == run.AlertId, token);
            if (alert.Status == AlertLifecycle.Resolved)
            {
                // Nothing left to fix: acting now could only do harm.
                run.State = FixRunState.Refused;
                run.Reason = "the alert resolved before the fix ran";
                runs.Audit(run, "opsbot", "skipped");
                await thread.TellAsync(alert, NotificationKind.Fix, $"Fix {run.Handler} not run: {run.Reason}.", token);
                run = null;
                return;
            }
            run.State = FixRunState.Running;
            run.StartedAt = clock.GetUtcNow();
        }, ct);
        if (!claimed || run is null) return;

        var invocation = FixInvocation.FromJson(run.ArgumentsJson);
        logger.LogWarning("Fix {Run} {Handler} on {Target}: running {Action}", run.Id, run.Handler, run.Target, run.Action);
        var result = await executors.RunAsync(invocation, ct);

        await transaction.RunAsync(null, async token =>
        {
            var alert = await db.Alerts.FirstAsync(a => a.Id == run.AlertId, token);
            run.State = result.Succeeded ? FixRunState.Succeeded : FixRunState.Failed;
            run.Output = result.Output;
            run.FinishedAt = clock.GetUtcNow();
            if (!result.Succeeded) run.Reason = result.TimedOut ? "timed out" : $"exit code {result.ExitCode}";
            db.FixRuns.Update(run);
            runs.Audit(run, run.ApprovedBy ?? "opsbot", "ran");
            var output = Excerpt(result.Output);
            if (result.Succeeded)
            {
                var verifyAfter = catalog.Get(run.Handler)?.Fix?.VerifyAfter ?? TimeSpan.FromMinutes(5);
                await timers.ScheduleAsync(VerifyFixHandler.KeyFor(run.Id), VerifyFixHandler.TimerKind, run.FinishedAt.Value + verifyAfter,
                    new VerifyFixHandler.Payload(run.Id), token);
                await thread.TellAsync(alert, NotificationKind.Fix,
                    $"Fix {run.Handler} ran: `{run.Action}` succeeded. Checking in {TimeText.Duration(verifyAfter)} that the alert resolved.{output}", token);
            }
            else
            {
                await thread.TellAsync(alert, NotificationKind.Fix,
                    $"Fix {run.Handler} FAILED ({run.Reason}): `{run.Action}`. Over to a human.{output}", token, mentionOnCall: true);
            }
        }, ct);
    }

    private static string Excerpt(string output)
    {
        var text = output.Trim();
        if (text.Length == 0) return "";
        return "\n```\n" + (text.Length > 1500 ? text[..1500] + "\n…" : text) + "\n```";
    }
}

public sealed class FixExecutionConsumerDefinition : ConsumerDefinition<FixExecutionConsumer>
{
    public FixExecutionConsumerDefinition()
    {
        EndpointName = "opsbot-remediate";
        ConcurrentMessageLimit = 4;
    }
}
