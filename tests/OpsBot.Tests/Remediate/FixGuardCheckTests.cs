using OpsBot.Handlers;
using OpsBot.Remediate;
using OpsBot.Storage;

namespace OpsBot.Tests.Remediate;

public sealed class FixGuardCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private const string Target = "db-1";

    /// <summary>The handler defaults: 2 per target, 10 per handler, 15m cool-down, 1 concurrent, breaker at 3 failures or more than 5 targets.</summary>
    private static readonly FixGuards Defaults = new();

    private static PastRun Run(string target, int minutesAgo, FixRunState state = FixRunState.Succeeded) =>
        new(target, Now.AddMinutes(-minutesAgo), state);

    private static GuardFacts Facts(
        IEnumerable<PastRun>? runs = null, bool killSwitch = false, bool silenced = false, bool flapping = false,
        IReadOnlyList<string>? failedPreconditions = null) =>
        new(killSwitch, silenced, flapping, (runs ?? []).ToList(), failedPreconditions ?? []);

    private static string? Check(GuardFacts facts, FixGuards? guards = null, string target = Target) =>
        FixGuardCheck.Refusal(guards ?? Defaults, target, Now, facts);

    // ---- defaults the tests below rely on ----

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        Assert.Equal(2, Defaults.MaxPerTargetPerHour);
        Assert.Equal(10, Defaults.MaxPerHandlerPerHour);
        Assert.Equal(TimeSpan.FromMinutes(15), Defaults.Cooldown);
        Assert.Equal(1, Defaults.MaxConcurrent);
        Assert.Equal(3, Defaults.BreakerFailures);
        Assert.Equal(5, Defaults.BreakerMaxTargets);
        Assert.Equal(TimeSpan.FromHours(1), FixGuardCheck.Window);
    }

    // ---- allowed ----

    [Fact]
    public void CleanHistory_IsAllowed()
    {
        Assert.Null(Check(Facts()));
    }

    [Fact]
    public void HistoryUnderEveryLimit_IsAllowed()
    {
        // One earlier run on the target past its cool-down, a couple of others elsewhere, one failure.
        var runs = new[]
        {
            Run(Target, 30, FixRunState.Verified), Run("db-2", 5, FixRunState.Succeeded), Run("db-3", 50, FixRunState.Failed),
        };
        Assert.Null(Check(Facts(runs)));
    }

    // ---- kill switch, maintenance, flapping ----

    [Fact]
    public void KillSwitch_Refuses()
    {
        var reason = Check(Facts(killSwitch: true));
        Assert.Equal("kill switch: Fixes:KillSwitch is on, no fix runs anywhere", reason);
    }

    [Fact]
    public void Silenced_RefusesAsMaintenance()
    {
        var reason = Check(Facts(silenced: true));
        Assert.Equal("maintenance: the alert is silenced or in a maintenance window", reason);
    }

    [Fact]
    public void Flapping_Refuses()
    {
        var reason = Check(Facts(flapping: true));
        Assert.Equal("flapping: the alert keeps changing state; a fix would chase it", reason);
    }

    // ---- circuit breaker: failures ----

    [Theory]
    [InlineData(FixRunState.Failed, FixRunState.Failed, FixRunState.Failed)]
    [InlineData(FixRunState.Unresolved, FixRunState.Unresolved, FixRunState.Unresolved)]
    [InlineData(FixRunState.Failed, FixRunState.Unresolved, FixRunState.Failed)]
    public void ThreeFailedOrUnresolvedRuns_OpenTheBreaker(FixRunState a, FixRunState b, FixRunState c)
    {
        var runs = new[] { Run("db-2", 50, a), Run("db-3", 40, b), Run("db-4", 30, c) };
        var reason = Check(Facts(runs));
        Assert.Equal("circuit breaker: 3 failed or unverified runs of this fix in the last hour (limit 3)", reason);
    }

    [Fact]
    public void TwoFailures_DoNotOpenTheBreaker()
    {
        var runs = new[] { Run("db-2", 50, FixRunState.Failed), Run("db-3", 40, FixRunState.Unresolved) };
        Assert.Null(Check(Facts(runs)));
    }

    [Theory]
    [InlineData(FixRunState.Succeeded)]
    [InlineData(FixRunState.Verified)]
    public void SucceededOrVerifiedRuns_AreNotFailures(FixRunState ok)
    {
        var runs = new[] { Run("db-2", 50, FixRunState.Failed), Run("db-3", 40, FixRunState.Failed), Run("db-4", 30, ok) };
        Assert.Null(Check(Facts(runs)));
    }

    [Fact]
    public void FailuresOlderThanAnHour_DoNotCount()
    {
        // Exactly an hour old is outside the window; 61 minutes is well outside.
        var runs = new[]
        {
            Run("db-2", 61, FixRunState.Failed), new PastRun("db-3", Now - TimeSpan.FromHours(1), FixRunState.Failed),
            Run("db-4", 30, FixRunState.Failed), Run("db-4", 20, FixRunState.Unresolved),
        };
        Assert.Null(Check(Facts(runs)));
    }

    [Fact]
    public void FailureJustInsideTheHour_Counts()
    {
        var runs = new[]
        {
            new PastRun("db-2", Now - TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1), FixRunState.Failed),
            Run("db-3", 30, FixRunState.Failed), Run("db-4", 20, FixRunState.Unresolved),
        };
        var reason = Check(Facts(runs));
        Assert.Equal("circuit breaker: 3 failed or unverified runs of this fix in the last hour (limit 3)", reason);
    }

    [Fact]
    public void BreakerFailures_FollowsTheConfiguredLimit()
    {
        var runs = new[] { Run("db-2", 40, FixRunState.Failed) };
        var reason = Check(Facts(runs), Defaults with { BreakerFailures = 1 });
        Assert.Equal("circuit breaker: 1 failed or unverified runs of this fix in the last hour (limit 1)", reason);
    }

    // ---- circuit breaker: distinct targets ----

    [Fact]
    public void SixDistinctTargetsCountingTheNewOne_OpenTheBreaker()
    {
        var runs = new[] { Run("web-1", 50), Run("web-2", 45), Run("web-3", 40), Run("web-4", 35), Run("web-5", 30) };
        var reason = Check(Facts(runs));
        Assert.Equal("circuit breaker: 6 targets within an hour (limit 5) looks like a wider problem than one fix", reason);
    }

    [Fact]
    public void FiveDistinctTargetsCountingTheNewOne_AreAllowed()
    {
        var runs = new[] { Run("web-1", 50), Run("web-2", 45), Run("web-3", 40), Run("web-4", 35) };
        Assert.Null(Check(Facts(runs)));
    }

    [Fact]
    public void NewTargetAlreadyInTheHistory_IsNotCountedTwice_CaseInsensitively()
    {
        // Five targets in the history; the new one is "WEB-5", the same as "web-5".
        var runs = new[] { Run("web-1", 50), Run("web-2", 45), Run("web-3", 40), Run("web-4", 35), Run("web-5", 30) };
        Assert.Null(Check(Facts(runs), target: "WEB-5"));
    }

    [Fact]
    public void TargetsDifferingOnlyInCase_AreOneTarget()
    {
        // web-1 / WEB-1 / Web-1 are one target: 5 in the history + db-1 = 6, not 8.
        var runs = new[]
        {
            Run("web-1", 55), Run("WEB-1", 50), Run("Web-1", 45), Run("web-2", 40), Run("web-3", 35), Run("web-4", 30), Run("web-5", 25),
        };
        var reason = Check(Facts(runs), Defaults with { MaxPerHandlerPerHour = 100 });
        Assert.Equal("circuit breaker: 6 targets within an hour (limit 5) looks like a wider problem than one fix", reason);
    }

    [Fact]
    public void TargetsOlderThanAnHour_DoNotCount()
    {
        var runs = new[] { Run("web-1", 90), Run("web-2", 61), Run("web-3", 40), Run("web-4", 35), Run("web-5", 30), Run("web-6", 25) };
        Assert.Null(Check(Facts(runs)));
    }

    [Fact]
    public void BreakerMaxTargets_FollowsTheConfiguredLimit()
    {
        var runs = new[] { Run("web-1", 50), Run("web-2", 45) };
        var reason = Check(Facts(runs), Defaults with { BreakerMaxTargets = 2 });
        Assert.Equal("circuit breaker: 3 targets within an hour (limit 2) looks like a wider problem than one fix", reason);
    }

    // ---- concurrency ----

    [Theory]
    [InlineData(FixRunState.Approved)]
    [InlineData(FixRunState.Running)]
    public void RunInProgressElsewhere_RefusesByConcurrency(FixRunState state)
    {
        var reason = Check(Facts([Run("db-2", 2, state)]));
        Assert.Equal("concurrency: 1 run(s) of this fix in progress (limit 1)", reason);
    }

    [Theory]
    [InlineData(FixRunState.Succeeded)]
    [InlineData(FixRunState.Verified)]
    [InlineData(FixRunState.Failed)]
    [InlineData(FixRunState.Unresolved)]
    public void FinishedRuns_AreNotInProgress(FixRunState state)
    {
        Assert.Null(Check(Facts([Run("db-2", 2, state)])));
    }

    [Fact]
    public void Concurrency_FollowsTheConfiguredLimit()
    {
        var guards = Defaults with { MaxConcurrent = 2 };
        Assert.Null(Check(Facts([Run("db-2", 2, FixRunState.Running)]), guards));
        var reason = Check(Facts([Run("db-2", 2, FixRunState.Running), Run("db-3", 1, FixRunState.Approved)]), guards);
        Assert.Equal("concurrency: 2 run(s) of this fix in progress (limit 2)", reason);
    }

    // ---- rate limits ----

    [Fact]
    public void TwoRunsOnTheTargetWithinTheHour_RefuseByPerTargetRateLimit()
    {
        var runs = new[] { Run(Target, 50, FixRunState.Verified), Run(Target, 20, FixRunState.Failed) };
        var reason = Check(Facts(runs));
        Assert.Equal("rate limit: 2 run(s) on db-1 in the last hour (limit 2)", reason);
    }

    [Fact]
    public void PerTargetRateLimit_MatchesTheTargetCaseInsensitively()
    {
        var runs = new[] { Run("DB-1", 50), Run("Db-1", 20) };
        var reason = Check(Facts(runs));
        Assert.Equal("rate limit: 2 run(s) on db-1 in the last hour (limit 2)", reason);
    }

    [Fact]
    public void PerTargetRateLimit_IgnoresOtherTargetsAndOldRuns()
    {
        var runs = new[] { Run(Target, 70), Run(Target, 30), Run("db-2", 25), Run("db-2", 20) };
        Assert.Null(Check(Facts(runs)));
    }

    [Fact]
    public void PerTargetRateLimit_FollowsTheConfiguredLimit()
    {
        var runs = new[] { Run(Target, 50), Run(Target, 40), Run(Target, 30) };
        var guards = Defaults with { MaxPerTargetPerHour = 3 };
        Assert.Equal("rate limit: 3 run(s) on db-1 in the last hour (limit 3)", Check(Facts(runs), guards));
        Assert.Null(Check(Facts(runs.Take(2)), guards));
    }

    [Fact]
    public void TenRunsOfTheHandlerWithinTheHour_RefuseByPerHandlerRateLimit()
    {
        // 10 finished runs on 4 other hosts: under the breaker (5 targets with db-1), none on db-1.
        var hosts = new[] { "db-2", "db-3", "db-4", "db-5" };
        var runs = Enumerable.Range(0, 10).Select(i => Run(hosts[i % 4], 55 - i * 5)).ToList();
        var reason = Check(Facts(runs));
        Assert.Equal("rate limit: 10 run(s) of this fix in the last hour (limit 10)", reason);
    }

    [Fact]
    public void NineRunsOfTheHandler_AreAllowed()
    {
        var hosts = new[] { "db-2", "db-3", "db-4", "db-5" };
        var runs = Enumerable.Range(0, 9).Select(i => Run(hosts[i % 4], 55 - i * 5)).ToList();
        Assert.Null(Check(Facts(runs)));
    }

    [Fact]
    public void PerHandlerRateLimit_IgnoresRunsOlderThanAnHour()
    {
        var hosts = new[] { "db-2", "db-3", "db-4", "db-5" };
        var runs = Enumerable.Range(0, 10).Select(i => Run(hosts[i % 4], 55 - i * 5)).ToList();
        runs[0] = Run("db-2", 60);
        Assert.Null(Check(Facts(runs)));
    }

    [Fact]
    public void PerHandlerRateLimit_FollowsTheConfiguredLimit()
    {
        var runs = new[] { Run("db-2", 50), Run("db-3", 40) };
        var reason = Check(Facts(runs), Defaults with { MaxPerHandlerPerHour = 2 });
        Assert.Equal("rate limit: 2 run(s) of this fix in the last hour (limit 2)", reason);
    }

    // ---- cool-down ----

    [Fact]
    public void RunOnTheTargetWithinTheCooldown_Refuses()
    {
        var reason = Check(Facts([Run(Target, 10)]));
        Assert.Equal("cool-down: it ran on db-1 at 2026-03-10 11:50 UTC; wait 15m00s between runs", reason);
    }

    [Fact]
    public void Cooldown_CountsFromTheLatestRunOnTheTarget()
    {
        var guards = Defaults with { MaxPerTargetPerHour = 5 };
        var runs = new[] { Run(Target, 50), Run(Target, 5), Run(Target, 30) };
        var reason = Check(Facts(runs), guards);
        Assert.Equal("cool-down: it ran on db-1 at 2026-03-10 11:55 UTC; wait 15m00s between runs", reason);
    }

    [Fact]
    public void Cooldown_MatchesTheTargetCaseInsensitively_AndPrintsUtc()
    {
        // 13:52 at +02:00 is 11:52 UTC, 8 minutes ago.
        var runs = new[] { new PastRun("DB-1", new DateTimeOffset(2026, 3, 10, 13, 52, 0, TimeSpan.FromHours(2)), FixRunState.Verified) };
        var reason = Check(Facts(runs));
        Assert.Equal("cool-down: it ran on db-1 at 2026-03-10 11:52 UTC; wait 15m00s between runs", reason);
    }

    [Fact]
    public void RecentRunOnAnotherTarget_IsNoCooldown()
    {
        Assert.Null(Check(Facts([Run("db-2", 1)])));
    }

    [Fact]
    public void JustAfterTheCooldownPasses_IsAllowed()
    {
        var runs = new[] { new PastRun(Target, Now - TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1), FixRunState.Succeeded) };
        Assert.Null(Check(Facts(runs)));
    }

    [Fact]
    public void ExactlyAtTheCooldown_IsAllowed()
    {
        var runs = new[] { new PastRun(Target, Now - TimeSpan.FromMinutes(15), FixRunState.Succeeded) };
        Assert.Null(Check(Facts(runs)));
    }

    [Fact]
    public void JustBeforeTheCooldownPasses_Refuses()
    {
        var runs = new[] { new PastRun(Target, Now - TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1), FixRunState.Succeeded) };
        var reason = Check(Facts(runs));
        Assert.NotNull(reason);
        Assert.StartsWith("cool-down: it ran on db-1 at 2026-03-10 11:45 UTC", reason);
    }

    [Fact]
    public void Cooldown_FollowsTheConfiguredDuration()
    {
        var guards = Defaults with { Cooldown = TimeSpan.FromMinutes(45) };
        var reason = Check(Facts([Run(Target, 40)]), guards);
        Assert.Equal("cool-down: it ran on db-1 at 2026-03-10 11:20 UTC; wait 45m00s between runs", reason);
        Assert.Null(Check(Facts([Run(Target, 46)]), guards));
    }

    /// <summary>
    /// BUG: the cool-down only looks at runs inside the one-hour window, so a cool-down longer than an hour
    /// is silently cut to an hour: a run 90 minutes ago with a 2-hour cool-down lets the fix run again.
    /// </summary>
    [Fact]
    public void CooldownLongerThanTheWindow_StillHolds()
    {
        var guards = Defaults with { Cooldown = TimeSpan.FromHours(2) };
        var reason = Check(Facts([Run(Target, 90)]), guards);
        Assert.Equal("cool-down: it ran on db-1 at 2026-03-10 10:30 UTC; wait 2h00m between runs", reason);
    }

    // ---- preconditions ----

    [Fact]
    public void FailedPrecondition_Refuses()
    {
        var reason = Check(Facts(failedPreconditions: ["disk-usage did not match 9\\d%"]));
        Assert.Equal("precondition: disk-usage did not match 9\\d%", reason);
    }

    [Fact]
    public void SeveralFailedPreconditions_AreAllNamed()
    {
        var reason = Check(Facts(failedPreconditions: ["disk-usage did not match 9\\d%", "log-size did not match GB"]));
        Assert.Equal("precondition: disk-usage did not match 9\\d%; log-size did not match GB", reason);
    }

    // ---- runs that did nothing never count ----

    public static readonly TheoryData<FixRunState> NonActing = new() { FixRunState.DryRun, FixRunState.Refused, FixRunState.AwaitingApproval };

    [Theory]
    [InlineData(FixRunState.DryRun, "breaker-targets")]
    [InlineData(FixRunState.Refused, "breaker-targets")]
    [InlineData(FixRunState.AwaitingApproval, "breaker-targets")]
    [InlineData(FixRunState.DryRun, "per-target")]
    [InlineData(FixRunState.Refused, "per-target")]
    [InlineData(FixRunState.AwaitingApproval, "per-target")]
    [InlineData(FixRunState.DryRun, "per-handler")]
    [InlineData(FixRunState.Refused, "per-handler")]
    [InlineData(FixRunState.AwaitingApproval, "per-handler")]
    [InlineData(FixRunState.DryRun, "cool-down")]
    [InlineData(FixRunState.Refused, "cool-down")]
    [InlineData(FixRunState.AwaitingApproval, "cool-down")]
    public void RunsThatDidNothing_CountTowardNoLimit(FixRunState nonActing, string scenario)
    {
        // The same history with real (Succeeded) runs trips the guard; made of non-acting runs it must not.
        var (history, prefix) = scenario switch
        {
            "breaker-targets" => (Enumerable.Range(1, 6).Select(i => ($"web-{i}", 50 - i)).ToList(), "circuit breaker: 7 targets"),
            "per-target" => ([(Target, 50), (Target, 40), (Target, 30)], "rate limit: 3 run(s) on db-1"),
            "per-handler" => (Enumerable.Range(0, 12).Select(i => ($"db-{2 + i % 3}", 55 - i * 4)).ToList(), "rate limit: 12 run(s) of this fix"),
            "cool-down" => ([(Target, 1)], "cool-down: it ran on db-1"),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };

        var acted = Check(Facts(history.Select(h => Run(h.Item1, h.Item2, FixRunState.Succeeded))));
        Assert.NotNull(acted);
        Assert.StartsWith(prefix, acted);

        Assert.Null(Check(Facts(history.Select(h => Run(h.Item1, h.Item2, nonActing)))));
    }

    [Theory]
    [MemberData(nameof(NonActing))]
    public void RunsThatDidNothing_AreNeitherFailuresNorInProgress(FixRunState nonActing)
    {
        // Five on the target a minute ago, three more elsewhere: would trip concurrency, breaker and everything if they counted.
        var runs = Enumerable.Range(0, 5).Select(i => Run(Target, 1 + i, nonActing))
            .Concat([Run("db-2", 2, nonActing), Run("db-3", 3, nonActing), Run("db-4", 4, nonActing)]).ToList();
        Assert.Null(Check(Facts(runs), Defaults with { BreakerFailures = 1, MaxConcurrent = 1, MaxPerHandlerPerHour = 1, MaxPerTargetPerHour = 1 }));
    }

    // ---- order when several guards apply ----

    /// <summary>Trips concurrency, both rate limits and the cool-down, but neither breaker (4 targets, no failures).</summary>
    private static List<PastRun> ConcurrencyAndBelow() =>
    [
        Run(Target, 5, FixRunState.Running), Run(Target, 20),
        .. Enumerable.Range(0, 8).Select(i => Run($"db-{2 + i % 3}", 50 - i * 3)),
    ];

    /// <summary>Trips both rate limits and the cool-down, nothing in progress.</summary>
    private static List<PastRun> PerTargetAndBelow() =>
    [
        Run(Target, 5), Run(Target, 20),
        .. Enumerable.Range(0, 8).Select(i => Run($"db-{2 + i % 3}", 50 - i * 3)),
    ];

    /// <summary>Trips the per-handler limit and the cool-down, only one run on the target.</summary>
    private static List<PastRun> PerHandlerAndBelow() =>
    [
        Run(Target, 5),
        .. Enumerable.Range(0, 9).Select(i => Run($"db-{2 + i % 3}", 50 - i * 3)),
    ];

    /// <summary>Three failures on three more hosts on top of everything below: both breakers (7 targets) and the rest.</summary>
    private static List<PastRun> BreakerFailuresAndBelow() =>
    [
        .. ConcurrencyAndBelow(),
        Run("db-5", 40, FixRunState.Failed), Run("db-6", 35, FixRunState.Failed), Run("db-7", 30, FixRunState.Unresolved),
    ];

    /// <summary>Seven targets but only two failures: the target breaker and the rest.</summary>
    private static List<PastRun> BreakerTargetsAndBelow() =>
    [
        .. ConcurrencyAndBelow(),
        Run("db-5", 40, FixRunState.Failed), Run("db-6", 35, FixRunState.Failed), Run("db-7", 30, FixRunState.Succeeded),
    ];

    private static readonly string[] Precondition = ["disk-usage did not match 9\\d%"];

    [Fact]
    public void Order_KillSwitchBeforeEverything()
    {
        var reason = Check(Facts(BreakerFailuresAndBelow(), killSwitch: true, silenced: true, flapping: true, failedPreconditions: Precondition));
        Assert.NotNull(reason);
        Assert.StartsWith("kill switch:", reason);
    }

    [Fact]
    public void Order_MaintenanceBeforeFlappingAndTheRest()
    {
        var reason = Check(Facts(BreakerFailuresAndBelow(), silenced: true, flapping: true, failedPreconditions: Precondition));
        Assert.NotNull(reason);
        Assert.StartsWith("maintenance:", reason);
    }

    [Fact]
    public void Order_FlappingBeforeTheBreakerAndTheRest()
    {
        var reason = Check(Facts(BreakerFailuresAndBelow(), flapping: true, failedPreconditions: Precondition));
        Assert.NotNull(reason);
        Assert.StartsWith("flapping:", reason);
    }

    [Fact]
    public void Order_BreakerFailuresBeforeBreakerTargetsAndTheRest()
    {
        var reason = Check(Facts(BreakerFailuresAndBelow(), failedPreconditions: Precondition));
        Assert.Equal("circuit breaker: 3 failed or unverified runs of this fix in the last hour (limit 3)", reason);
    }

    [Fact]
    public void Order_BreakerTargetsBeforeConcurrencyAndTheRest()
    {
        var reason = Check(Facts(BreakerTargetsAndBelow(), failedPreconditions: Precondition));
        Assert.Equal("circuit breaker: 7 targets within an hour (limit 5) looks like a wider problem than one fix", reason);
    }

    [Fact]
    public void Order_ConcurrencyBeforeRateLimitsCooldownAndPreconditions()
    {
        var reason = Check(Facts(ConcurrencyAndBelow(), failedPreconditions: Precondition));
        Assert.Equal("concurrency: 1 run(s) of this fix in progress (limit 1)", reason);
    }

    [Fact]
    public void Order_PerTargetRateLimitBeforePerHandlerCooldownAndPreconditions()
    {
        var reason = Check(Facts(PerTargetAndBelow(), failedPreconditions: Precondition));
        Assert.Equal("rate limit: 2 run(s) on db-1 in the last hour (limit 2)", reason);
    }

    [Fact]
    public void Order_PerHandlerRateLimitBeforeCooldownAndPreconditions()
    {
        var reason = Check(Facts(PerHandlerAndBelow(), failedPreconditions: Precondition));
        Assert.Equal("rate limit: 10 run(s) of this fix in the last hour (limit 10)", reason);
    }

    [Fact]
    public void Order_CooldownBeforePreconditions()
    {
        var reason = Check(Facts([Run(Target, 5)], failedPreconditions: Precondition));
        Assert.Equal("cool-down: it ran on db-1 at 2026-03-10 11:55 UTC; wait 15m00s between runs", reason);
    }
}
