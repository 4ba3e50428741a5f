using OpsBot.Handlers;
using OpsBot.Remediate;
using OpsBot.Storage;

namespace OpsBot.Tests.Remediate;

public sealed partial class FixGuardCheckTests
{
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
}
