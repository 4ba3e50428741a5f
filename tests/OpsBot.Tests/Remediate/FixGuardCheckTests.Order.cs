using OpsBot.Handlers;
using OpsBot.Remediate;
using OpsBot.Storage;

namespace OpsBot.Tests.Remediate;

public sealed partial class FixGuardCheckTests
{
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
