using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsBot.Contracts;
using OpsBot.Diagnostics;
using OpsBot.Handlers;
using OpsBot.Notify;
using OpsBot.Outbox;
using OpsBot.Routing;
using OpsBot.Silences;
using OpsBot.Storage;

namespace OpsBot.Remediate;

/// <summary>
/// A fix's life before it runs: proposed under the team's policy (dry run, awaiting approval, or approved at once
/// for auto), checked by the guards, approved by a person. Every step is a fix_runs row, an audit entry and a
/// message in the alert's thread. Call inside a pipeline transaction.
/// </summary>
public sealed class FixRuns(OpsBotDbContext db, Router router, HandlerCatalog catalog, SilenceBook silences, AlertThread thread, IOptions<FixOptions> options,
    PipelineTransaction transaction, Observability.OpsBotMetrics metrics, TimeProvider clock)
{
    public async Task<FixRunRow?> ProposeAsync(AlertStateRow alert, AlertHandler handler, AlertContext context, IReadOnlyList<DiagnosticResult> diagnostics,
        CancellationToken ct)
    {
        if (handler.Fix is not { } fix) return null;
        var team = alert.Team ?? router.Model.DefaultTeam;
        var policy = router.Model.Teams.TryGetValue(team, out var t) && t.FixPolicies.TryGetValue(handler.Name, out var chosen) ? chosen : fix.Policy;
        if (policy == FixPolicy.Off) return null;

        var (invocation, problem) = FixInvocations.Render(fix, context, router.Model.Inventory);
        var run = new FixRunRow
        {
            AlertId = alert.Id, Handler = handler.Name, Team = team, Target = invocation?.Target ?? context.Host ?? "?",
            Executor = fix.Executor.ToString(), Policy = FixPolicyNames.Name(policy),
            Action = invocation?.Describe() ?? "(not rendered)", ArgumentsJson = invocation?.ToJson() ?? "{}", CreatedAt = clock.GetUtcNow(),
        };
        var refusal = problem ?? await GuardRefusalAsync(alert, handler.Name, fix, run.Target, Preconditions(fix, diagnostics), ct);
        run.Reason = refusal;
        run.State = policy switch
        {
            FixPolicy.DryRun => FixRunState.DryRun,
            _ when refusal is not null => FixRunState.Refused,
            FixPolicy.Approve => FixRunState.AwaitingApproval,
            _ => FixRunState.Approved,
        };
        if (run.State == FixRunState.Approved) run.ApprovedBy = "auto";
        db.FixRuns.Add(run);
        await db.SaveChangesAsync(ct);
        if (run.State == FixRunState.Approved) PipelineOutbox.Add(db, new FixApproved(run.Id), clock.GetUtcNow());
        Audit(run, "opsbot", run.State == FixRunState.Approved ? "auto" : "proposed");
        await thread.TellAsync(alert, NotificationKind.Fix, Proposal(run, fix, team), ct);
        return run;
    }

    /// <summary>A person approves the run awaiting approval; the guards are asked again, since time has passed.</summary>
    public async Task<string> ApproveAsync(FixRunRow run, AlertStateRow alert, string who, CancellationToken ct)
    {
        var fix = FixOf(run);
        var refusal = await GuardRefusalAsync(alert, run.Handler, fix, run.Target, [], ct);
        if (refusal is not null)
        {
            run.State = FixRunState.Refused;
            run.Reason = refusal;
            Audit(run, who, "refused");
            await thread.TellAsync(alert, NotificationKind.Fix, $"Fix {run.Handler} approved by {who} but not run: {refusal}.", ct);
            return $"Not run: {refusal}.";
        }
        run.State = FixRunState.Approved;
        run.ApprovedBy = who;
        PipelineOutbox.Add(db, new FixApproved(run.Id), clock.GetUtcNow());
        Audit(run, who, "approved");
        await thread.TellAsync(alert, NotificationKind.Fix, $"Fix approved by {who}; running `{run.Action}`.", ct);
        return $"Approved; running `{run.Action}`.";
    }

    /// <summary>Every step of a run: an audit entry, and a count once the transaction commits.</summary>
    public void Audit(FixRunRow run, string who, string what)
    {
        var state = run.State.ToString().ToLowerInvariant();
        transaction.OnCommitted(() => metrics.FixRuns.Inc(run.Handler, state));
        db.Audit.Add(new AuditRow
        {
            At = clock.GetUtcNow(), Platform = "opsbot", UserId = who, Person = who == "opsbot" || who == "auto" ? null : who,
            Action = $"fix:{run.Handler}", Target = $"alert {run.AlertId}", Result = state,
            Detail = $"{what}: {run.Action}{(run.Reason is null ? "" : " — " + run.Reason)}",
        });
    }

    /// <summary>The handler's fix as loaded now, for its guards; the default guards if the handler has since been removed.</summary>
    private FixSpec FixOf(FixRunRow run) =>
        catalog.Get(run.Handler)?.Fix ?? new FixSpec { Executor = Enum.Parse<FixExecutor>(run.Executor), Description = run.Action };

    private async Task<string?> GuardRefusalAsync(AlertStateRow alert, string handler, FixSpec fix, string target, IReadOnlyList<string> failedPreconditions,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var since = now - (fix.Guards.Cooldown > FixGuardCheck.Window ? fix.Guards.Cooldown : FixGuardCheck.Window);
        var runs = await db.FixRuns.AsNoTracking().Where(r => r.Handler == handler && r.CreatedAt >= since)
            .Select(r => new { r.Target, r.CreatedAt, r.State }).ToListAsync(ct);
        var silenced = await silences.FindAsync(Dedupe.AlertStateMapper.Labels(alert), now, ct) is not null;
        var facts = new GuardFacts(options.Value.KillSwitch, silenced, alert.Flapping,
            runs.Select(r => new PastRun(r.Target, r.CreatedAt, r.State)).ToList(), failedPreconditions);
        return FixGuardCheck.Refusal(fix.Guards, target, now, facts);
    }

    private static IReadOnlyList<string> Preconditions(FixSpec fix, IReadOnlyList<DiagnosticResult> diagnostics) =>
        fix.Preconditions.Select(p =>
        {
            var result = diagnostics.FirstOrDefault(d => d.Name == p.Diagnostic);
            if (result is null || !result.Ok) return $"diagnostic {p.Diagnostic} did not run";
            return Regex.IsMatch(result.Output, p.Matches, RegexOptions.Multiline, TimeSpan.FromSeconds(1))
                ? null : $"diagnostic {p.Diagnostic} does not show /{p.Matches}/";
        }).OfType<string>().ToList();

    private static string Proposal(FixRunRow run, FixSpec fix, string team) => run.State switch
    {
        FixRunState.DryRun => $"Dry run of fix {run.Handler} ({fix.Description}): would run `{run.Action}`." +
                              (run.Reason is null ? "" : $" It would be refused now: {run.Reason}.") +
                              $" Team {team} lets it act by setting Teams:{team}:Fixes:{run.Handler} to approve or auto.",
        FixRunState.Refused => $"Fix {run.Handler} not run: {run.Reason}. It would have run `{run.Action}`.",
        FixRunState.AwaitingApproval => $"Fix proposed ({fix.Description}): `{run.Action}`. A responder of {team} can press Approve fix or run /ops fix {run.AlertId}.",
        _ => $"Running fix {run.Handler} automatically ({fix.Description}): `{run.Action}`.",
    };
}
