using OpsBot.Alerts;
using OpsBot.Routing.Config;
using OpsBot.Routing.Model;
using static OpsBot.Tests.Routing.RouterCases.RoutingTestData;

namespace OpsBot.Tests.Routing;

/// <summary>Business hours in the owning team's zone and the urgency policy they select.</summary>
public sealed partial class RouterTests
{
    // db-7 belongs to emea (Europe/Berlin, Mon-Fri 09:00-17:00). 09:00Z is 10:00 CET, 19:00Z is 20:00 CET.
    [Theory]
    [InlineData(Severity.Critical, "2026-01-14T09:00:00Z", true, Urgency.Page, "critical: page in hours, page out of hours (default)")]
    [InlineData(Severity.Critical, "2026-01-14T19:00:00Z", false, Urgency.Page, "critical: page in hours, page out of hours (default)")]
    [InlineData(Severity.Error, "2026-01-14T09:00:00Z", true, Urgency.Page, "error: page in hours, notify out of hours (default)")]
    [InlineData(Severity.Error, "2026-01-14T19:00:00Z", false, Urgency.Notify, "error: page in hours, notify out of hours (default)")]
    [InlineData(Severity.Warning, "2026-01-14T09:00:00Z", true, Urgency.Notify, "warning: notify in hours, digest out of hours (default)")]
    [InlineData(Severity.Warning, "2026-01-14T19:00:00Z", false, Urgency.Digest, "warning: notify in hours, digest out of hours (default)")]
    [InlineData(Severity.Info, "2026-01-14T09:00:00Z", true, Urgency.Digest, "info: digest in hours, digest out of hours (default)")]
    [InlineData(Severity.Info, "2026-01-14T19:00:00Z", false, Urgency.Digest, "info: digest in hours, digest out of hours (default)")]
    [InlineData(Severity.Error, "2026-01-17T09:00:00Z", false, Urgency.Notify, "error: page in hours, notify out of hours (default)")] // Saturday
    [InlineData(Severity.Error, "2026-01-14T15:59:59Z", true, Urgency.Page, "error: page in hours, notify out of hours (default)")] // 16:59:59
    [InlineData(Severity.Error, "2026-01-14T16:00:00Z", false, Urgency.Notify, "error: page in hours, notify out of hours (default)")] // 17:00 closes
    public void Decide_DefaultUrgencyPolicy(Severity severity, string at, bool inHours, Urgency expected, string expectedPolicy)
    {
        var target = Router().Decide(Labels("instance=db-7:9100"), severity, At(at)).Primary;

        Assert.Equal(inHours, target.InBusinessHours);
        Assert.Equal(expected, target.Urgency);
        Assert.Equal(expectedPolicy, target.Policy);
        Assert.Equal("policy " + expectedPolicy, target.Reasons.Single(r => r.StartsWith("policy ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Decide_ReasonsSayOwnerWallClockAndPolicy()
    {
        var target = Router().Decide(Labels("instance=db-7:9100"), Severity.Warning, At("2026-01-14T09:00:00Z")).Primary;

        Assert.Equal(
            [
                "host inventory: 'db-7' matches 'db-7'",
                "Wed 2026-01-14 10:00 Europe/Berlin: in business hours (until Wed 2026-01-14 17:00)",
                "policy warning: notify in hours, digest out of hours (default)",
            ],
            target.Reasons);
        Assert.Equal("Europe/Berlin", target.TimeZone);
        Assert.Equal("Wed 2026-01-14 10:00", target.LocalTime);
        Assert.Null(target.DigestAt);
    }

    [Theory]
    [InlineData(Severity.Warning, "2026-01-14T09:00:00Z", Urgency.Page, "emea-oncall")]
    [InlineData(Severity.Warning, "2026-01-14T19:00:00Z", Urgency.Notify, "emea-oncall")]
    [InlineData(Severity.Error, "2026-01-14T19:00:00Z", Urgency.Notify, "emea-alerts")] // rows not overridden keep the default
    public void Decide_TeamOverridesThePolicy(Severity severity, string at, Urgency expected, string expectedChannel)
    {
        var router = Router(teams: t => t["emea"].Urgency.Add(
            new UrgencyRuleOptions { Severity = "Warning", InHours = "page", OutOfHours = "NOTIFY", Channel = "emea-oncall" }));

        var target = router.Decide(Labels("instance=db-7:9100"), severity, At(at)).Primary;

        Assert.Equal(expected, target.Urgency);
        Assert.Equal(expectedChannel, target.Channel.Name);
    }

    [Fact]
    public void Decide_OverriddenPolicyIsNotMarkedDefault()
    {
        var router = Router(teams: t => t["emea"].Urgency.Add(new UrgencyRuleOptions { Severity = "info", InHours = "notify", OutOfHours = "digest" }));

        var target = router.Decide(Labels("instance=db-7:9100"), Severity.Info, At("2026-01-14T09:00:00Z")).Primary;

        Assert.Equal(Urgency.Notify, target.Urgency);
        Assert.Equal("info: notify in hours, digest out of hours", target.Policy);
    }

    // Berlin holiday on Wednesday 2026-01-14; with 00:00-24:00 hours every other weekday moment is in hours.
    [Theory]
    [InlineData("2026-01-13T22:59:59Z", true, Urgency.Page)] // Tue 23:59:59 local
    [InlineData("2026-01-13T23:00:00Z", false, Urgency.Notify)] // Wed 00:00 local: the holiday begins
    [InlineData("2026-01-14T09:00:00Z", false, Urgency.Notify)] // Wed 10:00
    [InlineData("2026-01-14T22:59:59Z", false, Urgency.Notify)] // Wed 23:59:59
    [InlineData("2026-01-14T23:00:00Z", true, Urgency.Page)] // Thu 00:00 local: over
    public void Decide_HolidayIsOutOfHoursAllDay(string at, bool expectedInHours, Urgency expected)
    {
        var router = Router(teams: t =>
        {
            t["emea"].BusinessHours = ["Mon-Fri 00:00-24:00"];
            t["emea"].Holidays = ["2026-01-14"];
        });

        var target = router.Decide(Labels("instance=db-7:9100"), Severity.Error, At(at)).Primary;

        Assert.Equal(expectedInHours, target.InBusinessHours);
        Assert.Equal(expected, target.Urgency);
    }

    [Fact]
    public void Decide_SameInstantIsInHoursForOneZoneAndOutForAnother()
    {
        var router = Router(r =>
        {
            r.Rules.Add(new OwnershipRuleOptions { Team = "emea", Match = ["alertname=Replication"], Continue = true });
            r.Rules.Add(new OwnershipRuleOptions { Team = "amer", Match = ["alertname=Replication"] });
        });

        var decision = router.Decide(Labels("alertname=Replication"), Severity.Error, At("2026-01-14T09:00:00Z"));

        Assert.Equal(
            [("emea", true, Urgency.Page, "Wed 2026-01-14 10:00"), ("amer", false, Urgency.Notify, "Wed 2026-01-14 04:00")],
            decision.Targets.Select(t => (t.Team, t.InBusinessHours, t.Urgency, t.LocalTime)));
        Assert.Contains("Wed 2026-01-14 04:00 America/New_York: out of business hours", decision.Targets[1].Reasons);
    }

    // Europe/Berlin: 2026-03-29 02:00 CET → 03:00 CEST (UTC+2); 2026-10-25 03:00 CEST → 02:00 CET (UTC+1). Both are
    // Sundays, so the team works every day here; the Monday after the spring change uses the usual weekday hours.
    [Theory]
    [InlineData("Mon-Sun 09:00-17:00", "2026-03-29T06:30:00Z", "Sun 2026-03-29 08:30", false)]
    [InlineData("Mon-Sun 09:00-17:00", "2026-03-29T07:30:00Z", "Sun 2026-03-29 09:30", true)]
    [InlineData("Mon-Sun 09:00-17:00", "2026-03-29T14:59:59Z", "Sun 2026-03-29 16:59", true)]
    [InlineData("Mon-Sun 09:00-17:00", "2026-03-29T15:00:00Z", "Sun 2026-03-29 17:00", false)]
    [InlineData("Mon-Sun 09:00-17:00", "2026-10-25T07:30:00Z", "Sun 2026-10-25 08:30", false)]
    [InlineData("Mon-Sun 09:00-17:00", "2026-10-25T08:30:00Z", "Sun 2026-10-25 09:30", true)]
    [InlineData("Mon-Sun 09:00-17:00", "2026-10-25T15:30:00Z", "Sun 2026-10-25 16:30", true)]
    [InlineData("Mon-Fri 09:00-17:00", "2026-03-30T06:30:00Z", "Mon 2026-03-30 08:30", false)]
    [InlineData("Mon-Fri 09:00-17:00", "2026-03-30T07:30:00Z", "Mon 2026-03-30 09:30", true)]
    public void Decide_BusinessHoursFollowTheLocalClockAcrossDaylightSaving(string hours, string at, string expectedLocal, bool expectedInHours)
    {
        var router = Router(teams: t => t["emea"].BusinessHours = [hours]);

        var target = router.Decide(Labels("instance=db-7:9100"), Severity.Error, At(at)).Primary;

        Assert.Equal(expectedLocal, target.LocalTime);
        Assert.Equal(expectedInHours, target.InBusinessHours);
        Assert.Equal(expectedInHours ? Urgency.Page : Urgency.Notify, target.Urgency);
        var clockReason = expectedInHours
            ? $"{expectedLocal} Europe/Berlin: in business hours (until {expectedLocal[..15]}17:00)"
            : $"{expectedLocal} Europe/Berlin: out of business hours";
        Assert.Equal(clockReason, target.Reasons[1]);
    }

    [Theory]
    // Friday 18:00 CET → Monday 09:00 CET.
    [InlineData("2026-01-09T17:00:00Z", null, "2026-01-12T08:00:00Z", "Mon 2026-01-12 09:00")]
    // Friday 18:00 CET with Monday a holiday → Tuesday 09:00 CET.
    [InlineData("2026-01-09T17:00:00Z", "2026-01-12", "2026-01-13T08:00:00Z", "Tue 2026-01-13 09:00")]
    // Friday 18:00 CET before the spring change → Monday 09:00 CEST, which is 07:00Z.
    [InlineData("2026-03-27T17:00:00Z", null, "2026-03-30T07:00:00Z", "Mon 2026-03-30 09:00")]
    // Wednesday 07:00 CET, before opening → the same morning.
    [InlineData("2026-01-14T06:00:00Z", null, "2026-01-14T08:00:00Z", "Wed 2026-01-14 09:00")]
    public void Decide_DigestWaitsForTheNextBusinessOpening(string at, string? holiday, string expectedDigest, string expectedLocal)
    {
        var router = Router(teams: t => t["emea"].Holidays = holiday is null ? [] : [holiday]);

        var target = router.Decide(Labels("instance=db-7:9100"), Severity.Warning, At(at)).Primary;

        Assert.Equal(Urgency.Digest, target.Urgency);
        Assert.Equal(At(expectedDigest), target.DigestAt);
        Assert.Equal(TimeSpan.Zero, target.DigestAt!.Value.Offset);
        Assert.Equal($"deferred to the digest at {expectedLocal} Europe/Berlin", target.Reasons[^1]);
    }

    [Fact]
    public void Decide_InfoInHoursGoesToTheNextDaysDigest()
    {
        var target = Router().Decide(Labels("instance=db-7:9100"), Severity.Info, At("2026-01-14T09:00:00Z")).Primary;

        Assert.True(target.InBusinessHours);
        Assert.Equal(Urgency.Digest, target.Urgency);
        Assert.Equal(At("2026-01-15T08:00:00Z"), target.DigestAt);
    }

    [Theory]
    [InlineData(Severity.Warning, "warning: notify in hours, digest out of hours (default)")]
    [InlineData(Severity.Info, "info: digest in hours, digest out of hours (default)")]
    public void Decide_TeamWithoutBusinessHoursNotifiesInsteadOfDigest(Severity severity, string expectedPolicy)
    {
        var router = Router(teams: t => t["emea"].BusinessHours = []);

        var target = router.Decide(Labels("instance=db-7:9100"), severity, At("2026-01-14T09:00:00Z")).Primary;

        Assert.False(target.InBusinessHours);
        Assert.Equal(Urgency.Notify, target.Urgency);
        Assert.Null(target.DigestAt);
        Assert.Equal(
            [
                "host inventory: 'db-7' matches 'db-7'",
                "Wed 2026-01-14 10:00 Europe/Berlin: out of business hours",
                "policy " + expectedPolicy,
                "the team has no business hours, so no digest: notify instead",
            ],
            target.Reasons);
    }

    [Fact]
    public void Decide_TeamWithoutBusinessHoursStillPagesCritical()
    {
        var router = Router(teams: t => t["emea"].BusinessHours = []);

        var target = router.Decide(Labels("instance=db-7:9100"), Severity.Critical, At("2026-01-14T09:00:00Z")).Primary;

        Assert.Equal(Urgency.Page, target.Urgency);
    }
}
