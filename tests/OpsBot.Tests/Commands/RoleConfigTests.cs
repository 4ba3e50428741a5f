using OpsBot.Commands;
using OpsBot.Routing.Config;
using static OpsBot.Tests.Routing.RouterCases.RoutingTestData;

namespace OpsBot.Tests.Commands;

/// <summary>Members' roles and the team's AckSilencesFor, as read from configuration (emea: alice, bob; amer: dan, erin).</summary>
public sealed class RoleConfigTests
{
    private static ConfigIssue SingleIssue(Action<Dictionary<string, string?>> change)
    {
        var e = Assert.Throws<InvalidConfigurationException>(() => RoutingConfiguration.Load(Configuration(change)));
        return Assert.Single(e.Issues);
    }

    [Theory]
    [InlineData("root")]
    [InlineData("5")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("")]
    [InlineData("owner")]
    // Enum.TryParse would OR these together: viewer|responder is admin.
    [InlineData("viewer,responder")]
    [InlineData("Viewer, Responder")]
    public void Role_NotViewerResponderOrAdmin_IsRefusedAtItsKey(string role)
    {
        var issue = SingleIssue(s => s["Teams:emea:Members:1:Role"] = role);

        Assert.Equal(new ConfigIssue("Teams:emea:Members:1:Role", $"'{role}' is not viewer, responder or admin") { Source = "in-memory settings" }, issue);
        Assert.StartsWith("in-memory settings: Teams:emea:Members:1:Role: ", issue.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Role_IsReportedAtTheRightTeamAndIndex()
    {
        var issue = SingleIssue(s => s["Teams:amer:Members:0:Role"] = "root");

        Assert.Equal("Teams:amer:Members:0:Role", issue.Key);
        Assert.Equal("'root' is not viewer, responder or admin", issue.Message);
    }

    [Theory]
    [InlineData("Admin", Role.Admin)]
    [InlineData("admin", Role.Admin)]
    [InlineData("ADMIN", Role.Admin)]
    [InlineData("aDmIn", Role.Admin)]
    [InlineData("viewer", Role.Viewer)]
    [InlineData("Responder", Role.Responder)]
    public void Role_NamedInAnyCase_IsAccepted(string role, Role expected)
    {
        var model = RoutingConfiguration.Load(Configuration(s => s["Teams:emea:Members:1:Role"] = role)).Model;

        Assert.Equal(expected, model.Teams["emea"].Roles["bob"]);
        Assert.Equal(Role.Responder, model.Teams["emea"].Roles["alice"]); // not given: responder
    }

    /// <summary>The same Enum.TryParse trap one setting over: "Monday,Tuesday" would be read as Wednesday.</summary>
    [Theory]
    [InlineData("Monday,Tuesday")]
    [InlineData("Saturday, Sunday")]
    public void HandoverDay_GivenAsAList_IsRefused(string days)
    {
        var issue = SingleIssue(s => s["Teams:emea:OnCall:HandoverDay"] = days);

        Assert.Equal(("Teams:emea:OnCall:HandoverDay", $"'{days}' is not a day of the week (Monday..Sunday)"), (issue.Key, issue.Message));
    }

    [Theory]
    [InlineData("-00:01:00")]
    [InlineData("00:00:00")]
    public void AckSilencesFor_NotPositive_IsRefused(string value)
    {
        var issue = SingleIssue(s => s["Teams:emea:AckSilencesFor"] = value);

        Assert.Equal(new ConfigIssue("Teams:emea:AckSilencesFor", "must be positive, e.g. 04:00:00") { Source = "in-memory settings" }, issue);
    }

    [Fact]
    public void AckSilencesFor_IsOffUnlessSetAndKeptWhenPositive()
    {
        var model = RoutingConfiguration.Load(Configuration(s => s["Teams:emea:AckSilencesFor"] = "04:00:00")).Model;

        Assert.Equal(TimeSpan.FromHours(4), model.Teams["emea"].AckSilencesFor);
        Assert.Null(model.Teams["amer"].AckSilencesFor);
    }
}
