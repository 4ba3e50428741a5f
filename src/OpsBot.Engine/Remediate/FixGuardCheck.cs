using OpsBot.Handlers;
using OpsBot.Storage;

namespace OpsBot.Remediate;

/// <summary>A fix run of the same handler, as the guards see it.</summary>
public sealed record PastRun(string Target, DateTimeOffset At, FixRunState State)
{
    /// <summary>Runs that acted (or were about to): dry runs, refusals and runs awaiting approval did nothing.</summary>
    public bool Acted => State is FixRunState.Approved or FixRunState.Running or FixRunState.Succeeded or FixRunState.Failed
        or FixRunState.Verified or FixRunState.Unresolved;

    public bool Failed => State is FixRunState.Failed or FixRunState.Unresolved;
    public bool InProgress => State is FixRunState.Approved or FixRunState.Running;
}

/// <param name="Runs">This handler's runs, every target, of the last hour or the cool-down if longer.</param>
/// <param name="FailedPreconditions">Preconditions whose diagnostic did not show what the fix needs.</param>
public sealed record GuardFacts(bool KillSwitch, bool Silenced, bool Flapping, IReadOnlyList<PastRun> Runs, IReadOnlyList<string> FailedPreconditions);

/// <summary>
/// Whether a fix may act now. Fails closed: any guard that says no wins, and the answer says which and why.
/// Pure: everything it needs is in its arguments.
/// </summary>
public static class FixGuardCheck
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <returns>Null when the fix may run; otherwise the reason, prefixed by the guard's name.</returns>
    public static string? Refusal(FixGuards guards, string target, DateTimeOffset now, GuardFacts facts)
    {
        if (facts.KillSwitch) return "kill switch: Fixes:KillSwitch is on, no fix runs anywhere";
        if (facts.Silenced) return "maintenance: the alert is silenced or in a maintenance window";
        if (facts.Flapping) return "flapping: the alert keeps changing state; a fix would chase it";

        var recent = facts.Runs.Where(r => r.Acted && now - r.At < Window).ToList();
        var failures = recent.Count(r => r.Failed);
        if (failures >= guards.BreakerFailures)
            return $"circuit breaker: {failures} failed or unverified runs of this fix in the last hour (limit {guards.BreakerFailures})";
        var targets = recent.Select(r => r.Target).Append(target).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        if (targets > guards.BreakerMaxTargets)
            return $"circuit breaker: {targets} targets within an hour (limit {guards.BreakerMaxTargets}) looks like a wider problem than one fix";

        var running = recent.Count(r => r.InProgress);
        if (running >= guards.MaxConcurrent) return $"concurrency: {running} run(s) of this fix in progress (limit {guards.MaxConcurrent})";
        var onTarget = recent.Where(r => string.Equals(r.Target, target, StringComparison.OrdinalIgnoreCase)).ToList();
        if (onTarget.Count >= guards.MaxPerTargetPerHour)
            return $"rate limit: {onTarget.Count} run(s) on {target} in the last hour (limit {guards.MaxPerTargetPerHour})";
        if (recent.Count >= guards.MaxPerHandlerPerHour)
            return $"rate limit: {recent.Count} run(s) of this fix in the last hour (limit {guards.MaxPerHandlerPerHour})";
        // Over every run given, not only the last hour: a cool-down may be longer than the window.
        var last = facts.Runs.Where(r => r.Acted && string.Equals(r.Target, target, StringComparison.OrdinalIgnoreCase)).Select(r => (DateTimeOffset?)r.At).Max();
        if (last is { } at && now - at < guards.Cooldown)
            return $"cool-down: it ran on {target} at {Notify.TimeText.Utc(at)}; wait {Notify.TimeText.Duration(guards.Cooldown)} between runs";

        if (facts.FailedPreconditions.Count > 0) return "precondition: " + string.Join("; ", facts.FailedPreconditions);
        return null;
    }
}
