using OpsBot.Alerts;
using OpsBot.Routing.Config;
using static OpsBot.Tests.Routing.RouterCases.RoutingTestData;

namespace OpsBot.Tests.Routing;

/// <summary>Who owns an alert: rules in order, then the host inventory, the service catalogue and the default team.</summary>
public sealed partial class RouterTests
{
    // Wednesday 10:00 in Berlin, 04:00 in New York, 09:00 UTC.
    private static readonly DateTimeOffset Wednesday = At("2026-01-14T09:00:00Z");

    // One rule, matcher under test → amer; everything else falls through to the default team ops.
    [Theory]
    [InlineData("alertname=\"DiskFull\"", "alertname=DiskFull", "amer")]
    [InlineData("alertname=\"DiskFull\"", "alertname=DiskFullSoon", "ops")]
    [InlineData("alertname=\"DiskFull\"", "job=node", "ops")]
    [InlineData("env!=\"prod\"", "env=staging", "amer")]
    [InlineData("env!=\"prod\"", "env=prod", "ops")]
    [InlineData("env!=\"prod\"", "job=node", "amer")] // a missing label is "", which is not prod
    [InlineData("alertname=~\"Disk.*\"", "alertname=DiskFull", "amer")]
    [InlineData("alertname=~\"Disk.*\"", "alertname=HighDisk", "ops")] // anchored at both ends
    [InlineData("env!~\"prod|staging\"", "env=dev", "amer")]
    [InlineData("env!~\"prod|staging\"", "env=staging", "ops")]
    [InlineData("env!~\"prod|staging\"", "env=production", "amer")] // the whole value must match to be excluded
    public void Decide_RuleMatcherOperators(string matcher, string label, string expectedTeam)
    {
        var router = Router(r => r.Rules.Add(Rule("amer", matcher)));

        var decision = router.Decide(Labels(label), Severity.Warning, Wednesday);

        Assert.Equal(expectedTeam, Assert.Single(decision.Targets).Team);
    }

    [Fact]
    public void Decide_AllMatchersOfARuleMustHold()
    {
        var router = Router(r => r.Rules.Add(Rule("amer", "alertname=\"DiskFull\"", "env=\"prod\"")));

        Assert.Equal("amer", router.Decide(Labels("alertname=DiskFull", "env=prod"), Severity.Warning, Wednesday).Primary.Team);
        Assert.Equal("ops", router.Decide(Labels("alertname=DiskFull", "env=dev"), Severity.Warning, Wednesday).Primary.Team);
    }

    [Theory]
    [InlineData("alertname=DiskFull", "emea", "rule #1 'exact' {alertname=\"DiskFull\"} matched")]
    [InlineData("alertname=DiskSlow", "amer", "rule #2 'disks' {alertname=~\"Disk.*\"} matched")]
    [InlineData("alertname=CpuHigh", "ops", "default team: no rule, host or service matched")]
    public void Decide_FirstMatchingRuleWins(string label, string expectedTeam, string expectedMatchedBy)
    {
        var router = Router(r =>
        {
            r.Rules.Add(new OwnershipRuleOptions { Name = "exact", Team = "emea", Match = ["alertname=DiskFull"] });
            r.Rules.Add(new OwnershipRuleOptions { Name = "disks", Team = "amer", Match = ["alertname=~Disk.*"] });
        });

        var target = Assert.Single(router.Decide(Labels(label), Severity.Warning, Wednesday).Targets);

        Assert.Equal(expectedTeam, target.Team);
        Assert.Equal(expectedMatchedBy, target.MatchedBy);
        Assert.Equal(expectedMatchedBy, target.Reasons[0]);
    }

    [Fact]
    public void Decide_UnnamedRuleIsDescribedByItsTeam()
    {
        var router = Router(r => r.Rules.Add(Rule("amer", "job=node")));

        var target = router.Decide(Labels("job=node"), Severity.Warning, Wednesday).Primary;

        Assert.Equal("rule #1 'amer' {job=\"node\"} matched", target.MatchedBy);
    }

    [Fact]
    public void Decide_ContinueSendsToEveryMatchingRuleInOrder()
    {
        var router = Router(r =>
        {
            r.Rules.Add(new OwnershipRuleOptions { Name = "disk-full", Team = "emea", Match = ["alertname=DiskFull"], Continue = true });
            r.Rules.Add(new OwnershipRuleOptions { Name = "cpu", Team = "ops", Match = ["alertname=CpuHigh"] });
            r.Rules.Add(new OwnershipRuleOptions { Name = "disks", Team = "amer", Match = ["alertname=~Disk.*"] });
        });

        var decision = router.Decide(Labels("alertname=DiskFull"), Severity.Warning, Wednesday);

        Assert.Equal(["emea", "amer"], decision.Targets.Select(t => t.Team));
        Assert.Equal(
            ["rule #1 'disk-full' {alertname=\"DiskFull\"} matched", "rule #3 'disks' {alertname=~\"Disk.*\"} matched"],
            decision.Targets.Select(t => t.MatchedBy));
        Assert.Same(decision.Targets[0], decision.Primary);
    }

    [Fact]
    public void Decide_ContinueStopsAtTheFirstRuleWithoutIt()
    {
        var router = Router(r =>
        {
            r.Rules.Add(new OwnershipRuleOptions { Team = "emea", Match = ["alertname=DiskFull"], Continue = true });
            r.Rules.Add(new OwnershipRuleOptions { Team = "amer", Match = ["alertname=~Disk.*"] });
            r.Rules.Add(new OwnershipRuleOptions { Team = "ops", Match = ["alertname=~Disk.*"] });
        });

        var decision = router.Decide(Labels("alertname=DiskFull"), Severity.Warning, Wednesday);

        Assert.Equal(["emea", "amer"], decision.Targets.Select(t => t.Team));
    }

    [Fact]
    public void Decide_ContinueToTheSameTeamGivesOneTarget()
    {
        var router = Router(r =>
        {
            r.Rules.Add(new OwnershipRuleOptions { Name = "first", Team = "emea", Match = ["alertname=DiskFull"], Continue = true });
            r.Rules.Add(new OwnershipRuleOptions { Name = "second", Team = "EMEA", Match = ["alertname=~Disk.*"] });
        });

        var decision = router.Decide(Labels("alertname=DiskFull"), Severity.Warning, Wednesday);

        var target = Assert.Single(decision.Targets);
        Assert.Equal("emea", target.Team);
        Assert.Equal("rule #1 'first' {alertname=\"DiskFull\"} matched", target.MatchedBy);
    }

    // When every rule that matched said continue, no rule claimed the alert for good: the inventory, catalogue or default
    // team is asked as well.
    [Theory]
    [InlineData("instance=db-3:9100", "amer", "host inventory: 'db-3' matches 'db-*'")]
    [InlineData("service=search", "amer", "service catalogue: service 'search'")]
    [InlineData("job=node", "ops", "default team: no rule, host or service matched")]
    [InlineData("instance=db-7:9100", null, null)] // the inventory names emea, already a target
    public void Decide_ContinueWithNoLaterMatchAlsoAsksTheInventory(string label, string? expectedSecondTeam, string? expectedMatchedBy)
    {
        var router = Router(r =>
        {
            r.Rules.Add(new OwnershipRuleOptions { Name = "disk-full", Team = "emea", Match = ["alertname=DiskFull"], Continue = true });
            r.Rules.Add(new OwnershipRuleOptions { Team = "amer", Match = ["alertname=CpuHigh"] });
        });

        var decision = router.Decide(Labels("alertname=DiskFull", label), Severity.Warning, Wednesday);

        Assert.Equal("rule #1 'disk-full' {alertname=\"DiskFull\"} matched", decision.Targets[0].MatchedBy);
        Assert.Equal(expectedSecondTeam is null ? 1 : 2, decision.Targets.Count);
        Assert.Equal(expectedSecondTeam, decision.Targets.ElementAtOrDefault(1)?.Team);
        Assert.Equal(expectedMatchedBy, decision.Targets.ElementAtOrDefault(1)?.MatchedBy);
    }

    [Fact]
    public void Decide_RuleChannelIsUsed()
    {
        var router = Router(r => r.Rules.Add(new OwnershipRuleOptions { Team = "emea", Channel = "emea-oncall", Match = ["alertname=DiskFull"] }));

        var target = router.Decide(Labels("alertname=DiskFull"), Severity.Warning, Wednesday).Primary;

        Assert.Equal(new OpsBot.Routing.Model.Channel("emea-oncall", "C0EMEAPAGE", null), target.Channel);
    }

    [Fact]
    public void Decide_WithoutRuleChannelUsesTheTeamsFirstChannel()
    {
        var router = Router();

        var target = router.Decide(Labels("instance=db-3:9100"), Severity.Warning, Wednesday).Primary;

        Assert.Equal(new OpsBot.Routing.Model.Channel("amer-alerts", "C0AMER", "900"), target.Channel);
    }

    [Theory]
    // Host from the instance label, port dropped. An exact entry beats a glob listed before it.
    [InlineData("instance=db-7:9100", "emea", "host inventory: 'db-7' matches 'db-7'", "db-7", null, null)]
    [InlineData("instance=db-3:9100", "amer", "host inventory: 'db-3' matches 'db-*'", "db-3", null, "prod")]
    [InlineData("host=DB-3", "amer", "host inventory: 'DB-3' matches 'db-*'", "DB-3", null, "prod")]
    // An entry with only a service goes through the catalogue.
    [InlineData("instance=web-1:8080", "emea", "service catalogue: service 'checkout' of host 'web-1'", "web-1", "checkout", "staging")]
    // The service label wins over the host entry's service.
    [InlineData("instance=web-1:8080|service=search", "amer", "service catalogue: service 'search' of host 'web-1'", "web-1", "search", "staging")]
    [InlineData("service=search", "amer", "service catalogue: service 'search'", null, "search", null)]
    // The inventory's team wins over the service label.
    [InlineData("instance=db-3:9100|service=checkout", "amer", "host inventory: 'db-3' matches 'db-*'", "db-3", "checkout", "prod")]
    [InlineData("instance=app-9:9100|service=billing", "ops", "default team: no rule, host or service matched", "app-9", "billing", null)]
    [InlineData("instance=web-10:80", "ops", "default team: no rule, host or service matched", "web-10", null, null)] // web-? is one character
    [InlineData("alertname=Watchdog", "ops", "default team: no rule, host or service matched", null, null, null)]
    public void Decide_WithoutARuleUsesInventoryThenCatalogueThenDefault(
        string labels, string expectedTeam, string expectedMatchedBy, string? expectedHost, string? expectedService, string? expectedEnvironment)
    {
        var router = Router();

        var decision = router.Decide(Labels(labels.Split('|')), Severity.Warning, Wednesday);

        var target = Assert.Single(decision.Targets);
        Assert.Equal(expectedTeam, target.Team);
        Assert.Equal(expectedMatchedBy, target.MatchedBy);
        Assert.Equal(expectedHost, decision.Host);
        Assert.Equal(expectedService, decision.Service);
        Assert.Equal(expectedEnvironment, decision.Environment);
    }

    [Fact]
    public void Decide_RuleBeatsTheInventory()
    {
        var router = Router(r => r.Rules.Add(Rule("ops", "alertname=DiskFull")));

        var decision = router.Decide(Labels("alertname=DiskFull", "instance=db-7:9100"), Severity.Warning, Wednesday);

        Assert.Equal("ops", Assert.Single(decision.Targets).Team);
        Assert.Equal("db-7", decision.Host); // still reported
    }

    [Fact]
    public void Decide_FirstConfiguredHostLabelWins()
    {
        var router = Router();

        var decision = router.Decide(Labels("instance=db-3:9100", "host=db-7"), Severity.Warning, Wednesday);

        Assert.Equal("db-7", decision.Host);
        Assert.Equal("emea", decision.Primary.Team);
    }

    [Fact]
    public void Decide_KeepsTheDecisionInstantAndTheTeamsEscalationSettings()
    {
        var at = At("2026-01-14T10:00:00+01:00");

        var decision = Router().Decide(Labels("instance=db-7:9100"), Severity.Critical, at);

        Assert.Equal(at, decision.At);
        Assert.Equal(TimeSpan.FromMinutes(15), decision.Primary.AckTimeout);
        Assert.Equal(2, decision.Primary.EscalationLevels);
    }
}
