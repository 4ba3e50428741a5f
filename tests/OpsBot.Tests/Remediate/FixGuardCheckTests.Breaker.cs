using OpsBot.Handlers;
using OpsBot.Remediate;
using OpsBot.Storage;

namespace OpsBot.Tests.Remediate;

public sealed partial class FixGuardCheckTests
{
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
}
