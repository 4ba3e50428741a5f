using OpsBot.Alerts;
using OpsBot.Routing;
using OpsBot.Routing.Config;
using OpsBot.Routing.Model;
using static OpsBot.Tests.Routing.RouterCases.RoutingTestData;

namespace OpsBot.Tests.Routing;

/// <summary>Follow-the-sun rules and who is on call for a page.</summary>
public sealed partial class RouterTests
{
    private static Router FollowTheSun(params string[] teams) =>
        Router(r => r.Rules.Add(new OwnershipRuleOptions { Name = "replication", Teams = [.. teams], Match = ["alertname=Replication"] }));

    [Theory]
    // 10:00 Berlin, 04:00 New York.
    [InlineData("2026-01-14T09:00:00Z", "emea", "follow-the-sun: emea is in business hours (of emea, amer)", "Wed 2026-01-14 10:00 Europe/Berlin: in business hours (until Wed 2026-01-14 17:00)")]
    // 18:00 Berlin, 12:00 New York.
    [InlineData("2026-01-14T17:00:00Z", "amer", "follow-the-sun: amer is in business hours (of emea, amer)", "Wed 2026-01-14 12:00 America/New_York: in business hours (until Wed 2026-01-14 17:00)")]
    // 03:00 Berlin, 21:00 (Tuesday) New York.
    [InlineData("2026-01-14T02:00:00Z", "emea", "follow-the-sun: none of emea, amer is in business hours, emea takes it", "Wed 2026-01-14 03:00 Europe/Berlin: out of business hours")]
    // 16:00 Berlin, 10:00 New York: both open, the first listed wins.
    [InlineData("2026-01-14T15:00:00Z", "emea", "follow-the-sun: emea is in business hours (of emea, amer)", "Wed 2026-01-14 16:00 Europe/Berlin: in business hours (until Wed 2026-01-14 17:00)")]
    public void Decide_FollowTheSunPicksTheFirstTeamInBusinessHours(string at, string expectedTeam, string expectedSunReason, string expectedClockReason)
    {
        var decision = FollowTheSun("emea", "amer").Decide(Labels("alertname=Replication"), Severity.Warning, At(at));

        var target = Assert.Single(decision.Targets);
        Assert.Equal(expectedTeam, target.Team);
        Assert.Equal("rule #1 'replication' {alertname=\"Replication\"} matched", target.MatchedBy);
        Assert.Equal(["rule #1 'replication' {alertname=\"Replication\"} matched", expectedSunReason, expectedClockReason], target.Reasons.Take(3));
    }

    [Fact]
    public void Decide_FollowTheSunOrderIsTheRulesOrder()
    {
        var target = FollowTheSun("amer", "emea").Decide(Labels("alertname=Replication"), Severity.Warning, At("2026-01-14T15:00:00Z")).Primary;

        Assert.Equal("amer", target.Team);
        Assert.Equal("follow-the-sun: amer is in business hours (of amer, emea)", target.Reasons[1]);
        Assert.Equal("amer-alerts", target.Channel.Name);
    }

    [Fact]
    public void Decide_FollowTheSunNoneOpenDigestWaitsForTheFirstTeamsOpening()
    {
        // Saturday 12:00 Berlin: emea takes it, and its own calendar sets the digest (Monday 09:00 CET).
        var target = FollowTheSun("emea", "amer").Decide(Labels("alertname=Replication"), Severity.Warning, At("2026-01-17T11:00:00Z")).Primary;

        Assert.Equal("emea", target.Team);
        Assert.Equal(Urgency.Digest, target.Urgency);
        Assert.Equal(At("2026-01-19T08:00:00Z"), target.DigestAt);
    }

    [Fact]
    public void Decide_FollowTheSunAndContinueToTheSameTeamGiveOneTarget()
    {
        var router = Router(r =>
        {
            r.Rules.Add(new OwnershipRuleOptions { Teams = ["emea", "amer"], Match = ["alertname=Replication"], Continue = true });
            r.Rules.Add(new OwnershipRuleOptions { Team = "amer", Match = ["alertname=Replication"] });
        });

        var atNoonInNewYork = router.Decide(Labels("alertname=Replication"), Severity.Warning, At("2026-01-14T17:00:00Z"));
        var atTenInBerlin = router.Decide(Labels("alertname=Replication"), Severity.Warning, At("2026-01-14T09:00:00Z"));

        Assert.Equal(["amer"], atNoonInNewYork.Targets.Select(t => t.Team));
        Assert.Equal(["emea", "amer"], atTenInBerlin.Targets.Select(t => t.Team));
    }

    // emea hands over on Mondays 09:00 Berlin (08:00Z in winter): alice from 2026-01-05, bob from 01-12, carol from 01-19.
    [Theory]
    [InlineData("2026-01-05T08:00:00Z", "alice", "bob")]
    [InlineData("2026-01-12T07:59:59Z", "alice", "bob")]
    [InlineData("2026-01-12T08:00:00Z", "bob", "carol")] // the hand-over instant belongs to the new shift
    [InlineData("2026-01-19T08:00:00Z", "carol", "alice")]
    [InlineData("2026-01-26T08:00:00Z", "alice", "bob")] // round again
    [InlineData("2026-01-05T07:59:59Z", "carol", "alice")] // before the start, counted backwards
    [InlineData("2026-03-30T06:59:59Z", "carol", "alice")] // Monday 08:59:59 CEST, twelve weeks on
    [InlineData("2026-03-30T07:00:00Z", "alice", "bob")] // Monday 09:00 CEST is 07:00Z
    public void Decide_PagePrimaryFollowsTheWeeklyRotation(string at, string expectedPrimary, string expectedSecondary)
    {
        var target = Router().Decide(Labels("instance=db-7:9100"), Severity.Critical, At(at)).Primary;

        Assert.Equal(Urgency.Page, target.Urgency);
        Assert.Equal(expectedPrimary, target.OnCall.Primary?.Id);
        Assert.Equal(expectedSecondary, target.OnCall.Secondary?.Id);
        Assert.Equal($"on call: {expectedPrimary}, secondary {expectedSecondary}", target.Reasons[^1]);
    }

    [Fact]
    public void Decide_OnCallSnapshotCarriesTheMembers()
    {
        var onCall = Router().Decide(Labels("instance=db-7:9100"), Severity.Critical, At("2026-01-14T09:00:00Z")).Primary.OnCall;

        Assert.Equal(new Member("bob", "Bob B", "U0BOB", null), onCall.Primary);
        Assert.Equal(new Member("carol", "Carol C", "U0CAROL", null), onCall.Secondary);
        Assert.Equal(["alice", "bob", "carol", "dave"], onCall.Everyone.Select(m => m.Id));
    }

    [Fact]
    public void Decide_MemberWithoutNameIsNamedByItsId()
    {
        var onCall = Router().Decide(Labels("instance=db-3:9100"), Severity.Critical, At("2026-01-14T09:00:00Z")).Primary.OnCall;

        // amer hands over Mondays 09:00 New York from 2026-01-05: dan, then erin from 01-12.
        Assert.Equal(new Member("erin", "erin", null, "222"), onCall.Primary);
        Assert.Equal(new Member("dan", "dan", null, "111"), onCall.Secondary);
    }

    [Fact]
    public void Decide_ConfiguredSecondaryReplacesTheNextInRotation()
    {
        var router = Router(teams: t => t["emea"].Secondary = "dave");

        var target = router.Decide(Labels("instance=db-7:9100"), Severity.Critical, At("2026-01-14T09:00:00Z")).Primary;

        Assert.Equal("bob", target.OnCall.Primary?.Id);
        Assert.Equal("dave", target.OnCall.Secondary?.Id);
        Assert.Equal("on call: bob, secondary dave", target.Reasons[^1]);
    }

    [Fact]
    public void Decide_ConfiguredSecondaryWhoIsOnCallFallsBackToTheNextInRotation()
    {
        var router = Router(teams: t => t["emea"].Secondary = "bob");

        var target = router.Decide(Labels("instance=db-7:9100"), Severity.Critical, At("2026-01-14T09:00:00Z")).Primary;

        Assert.Equal("bob", target.OnCall.Primary?.Id);
        Assert.Equal("carol", target.OnCall.Secondary?.Id);
        Assert.Equal("on call: bob, secondary carol", target.Reasons[^1]);
    }

    // carol covers Wednesday 18:00 to Thursday 09:00 Berlin during bob's week.
    [Theory]
    [InlineData("2026-01-14T16:59:59Z", "bob", "carol")]
    [InlineData("2026-01-14T17:00:00Z", "carol", "bob")] // the override's secondary is who the schedule had
    [InlineData("2026-01-15T07:59:59Z", "carol", "bob")]
    [InlineData("2026-01-15T08:00:00Z", "bob", "carol")]
    public void Decide_OverrideReplacesThePrimary(string at, string expectedPrimary, string expectedSecondary)
    {
        var router = Router(teams: t => t["emea"].OnCall.Overrides =
            [new OverrideOptions { Start = "2026-01-14T18:00", End = "2026-01-15T09:00", Member = "Carol" }]);

        var onCall = router.Decide(Labels("instance=db-7:9100"), Severity.Critical, At(at)).Primary.OnCall;

        Assert.Equal(expectedPrimary, onCall.Primary?.Id);
        Assert.Equal(expectedSecondary, onCall.Secondary?.Id);
    }

    [Fact]
    public void Decide_PageWithNobodyOnCallMentionsTheChannel()
    {
        var target = Router().Decide(Labels("alertname=Watchdog"), Severity.Critical, At("2026-01-14T09:00:00Z")).Primary;

        Assert.Equal("ops", target.Team);
        Assert.Null(target.OnCall.Primary);
        Assert.Null(target.OnCall.Secondary);
        Assert.Empty(target.OnCall.Everyone);
        Assert.Equal(
            [
                "default team: no rule, host or service matched",
                "Wed 2026-01-14 09:00 UTC: in business hours (until Wed 2026-01-14 17:00)",
                "policy critical: page in hours, page out of hours (default)",
                "nobody on call: the page mentions the channel",
            ],
            target.Reasons);
    }

    [Fact]
    public void Decide_NotifyStillSnapshotsOnCallButDoesNotSayIt()
    {
        var target = Router().Decide(Labels("instance=db-7:9100"), Severity.Warning, At("2026-01-14T09:00:00Z")).Primary;

        Assert.Equal(Urgency.Notify, target.Urgency);
        Assert.Equal("bob", target.OnCall.Primary?.Id);
        Assert.DoesNotContain(target.Reasons, r => r.StartsWith("on call", StringComparison.Ordinal));
    }
}
