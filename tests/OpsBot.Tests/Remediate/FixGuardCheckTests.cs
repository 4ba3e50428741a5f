using OpsBot.Handlers;
using OpsBot.Remediate;
using OpsBot.Storage;

namespace OpsBot.Tests.Remediate;

/// <summary>FixGuardCheck: each guard refuses with its reason and figures; the shared fixtures, defaults and the simple guards.</summary>
public sealed partial class FixGuardCheckTests
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
}
