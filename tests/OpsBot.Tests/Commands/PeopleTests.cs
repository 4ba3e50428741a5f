using OpsBot.Commands;
using OpsBot.Routing.Config;
using OpsBot.Routing.Model;
using static OpsBot.Tests.Routing.RouterCases.RoutingTestData;

namespace OpsBot.Tests.Commands;

public sealed class PeopleTests
{
    /// <summary>
    /// dba: alice (Slack and Discord, <paramref name="aliceInDba"/>), bob (Slack only, viewer).
    /// web: alice again (<paramref name="aliceInWeb"/>), carol (Discord only, role not given).
    /// </summary>
    private static RoutingModel Model(string aliceInDba = "viewer", string aliceInWeb = "admin")
    {
        var teams = new Dictionary<string, TeamOptions>(StringComparer.OrdinalIgnoreCase)
        {
            ["dba"] = Team("C0DBA",
                new MemberOptions { Id = "alice", Name = "Alice A", Slack = "U0ALICE", Discord = "1001", Role = aliceInDba },
                new MemberOptions { Id = "bob", Name = "Bob B", Slack = "U0BOB", Role = "viewer" }),
            ["web"] = Team("C0WEB",
                new MemberOptions { Id = "alice", Name = "Alice A", Slack = "U0ALICE", Discord = "1001", Role = aliceInWeb },
                new MemberOptions { Id = "carol", Name = "Carol C", Discord = "1003" }),
        };
        return Build(new RoutingOptions { DefaultTeam = "dba" }, teams);
    }

    private static TeamOptions Team(string slackChannel, params MemberOptions[] members) => new()
    {
        TimeZone = "UTC",
        BusinessHours = ["Mon-Fri 09:00-17:00"],
        Channels = [new ChannelOptions { Name = "alerts", Slack = slackChannel }],
        Members = [.. members],
    };

    [Fact]
    public void SlackAndDiscordIds_MapToTheSamePerson()
    {
        var people = new People(Model());

        var bySlack = people.Find("slack", "U0ALICE");
        var byDiscord = people.Find("discord", "1001");

        Assert.NotNull(bySlack);
        Assert.NotNull(byDiscord);
        Assert.Equal(("alice", "Alice A"), (bySlack.Id, bySlack.Name));
        Assert.Equal(("alice", "Alice A"), (byDiscord.Id, byDiscord.Name));
        Assert.Equal(bySlack.Role, byDiscord.Role);
        Assert.Equal(bySlack.Teams.Order(), byDiscord.Teams.Order());
    }

    [Theory]
    [InlineData("viewer", "admin")]
    [InlineData("admin", "viewer")]
    [InlineData("responder", "admin")]
    public void MemberOfTwoTeams_GetsBothTeamsAndTheHigherRole(string inDba, string inWeb)
    {
        var people = new People(Model(inDba, inWeb));

        foreach (var (platform, id) in new[] { ("slack", "U0ALICE"), ("discord", "1001") })
        {
            var alice = people.Find(platform, id);

            Assert.NotNull(alice);
            Assert.Equal(["dba", "web"], alice.Teams.Order());
            Assert.Equal(Role.Admin, alice.Role);
            Assert.True(alice.IsAdmin);
        }
    }

    [Fact]
    public void MemberOfTwoTeams_AsViewerAndResponder_IsAResponder()
    {
        var alice = new People(Model("viewer", "responder")).Find("slack", "U0ALICE");

        Assert.NotNull(alice);
        Assert.Equal(Role.Responder, alice.Role);
        Assert.False(alice.IsAdmin);
    }

    [Fact]
    public void MemberOfOneTeam_GetsThatTeamAndTheirRole()
    {
        var people = new People(Model());

        var bob = people.Find("slack", "U0BOB");
        var carol = people.Find("discord", "1003");

        Assert.NotNull(bob);
        Assert.Equal(("bob", Role.Viewer), (bob.Id, bob.Role));
        Assert.Equal(["dba"], bob.Teams);
        Assert.NotNull(carol);
        Assert.Equal(("carol", Role.Responder), (carol.Id, carol.Role)); // no role given: responder
        Assert.Equal(["web"], carol.Teams);
    }

    [Fact]
    public void Teams_AreMatchedIgnoringCase()
    {
        var alice = new People(Model()).Find("discord", "1001");

        Assert.NotNull(alice);
        Assert.Contains("DBA", alice.Teams);
    }

    [Theory]
    [InlineData("slack", "U0NOBODY")]
    [InlineData("discord", "9999")]
    [InlineData("slack", null)]
    [InlineData("discord", null)]
    [InlineData("slack", "")]
    public void UnknownOrMissingIds_GiveNull(string platform, string? id)
    {
        Assert.Null(new People(Model()).Find(platform, id));
    }

    [Theory]
    [InlineData("discord", "U0ALICE")]
    [InlineData("discord", "U0BOB")]
    [InlineData("slack", "1001")]
    [InlineData("slack", "1003")]
    [InlineData("teams", "U0ALICE")]
    public void Ids_ArePerPlatform(string platform, string id)
    {
        var people = new People(Model());

        Assert.Null(people.Find(platform, id));
    }
}
