using System.Globalization;
using OpsBot.Escalation;
using OpsBot.Routing;
using OpsBot.Routing.Model;

namespace OpsBot.Tests.Escalation;

public sealed class EscalationLadderTests
{
    private static readonly Member Alice = new("alice", "Alice A", "U0ALICE", null);
    private static readonly Member Bob = new("bob", "Bob B", "U0BOB", null);
    private static readonly Member Carol = new("carol", "Carol C", null, "333");
    private static readonly Member[] Everyone = [Alice, Bob, Carol];

    private static OnCallSnapshot OnCall(Member? primary, Member? secondary) => new(primary, secondary, Everyone);

    [Fact]
    public void For_LevelOnePagesPrimaryAndSecondary()
    {
        var step = EscalationLadder.For(1, OnCall(Alice, Bob));

        Assert.Equal(1, step.Level);
        Assert.Equal([Alice, Bob], step.Mentions);
        Assert.False(step.MentionChannel);
        Assert.Equal("paging alice and bob", step.Description);
    }

    [Theory]
    [InlineData(true, "paging alice")]
    [InlineData(false, "paging bob")]
    public void For_LevelOneWithOnlyOnePersonPagesThatPerson(bool onlyPrimary, string expectedDescription)
    {
        var step = EscalationLadder.For(1, onlyPrimary ? OnCall(Alice, null) : OnCall(null, Bob));

        Assert.Equal([onlyPrimary ? Alice : Bob], step.Mentions);
        Assert.False(step.MentionChannel);
        Assert.Equal(expectedDescription, step.Description);
    }

    [Fact]
    public void For_LevelOneWithNobodyOnCallCallsTheChannel()
    {
        var step = EscalationLadder.For(1, OnCall(null, null));

        Assert.Empty(step.Mentions);
        Assert.True(step.MentionChannel);
        Assert.Equal("nobody on call: calling the channel", step.Description);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    public void For_LaterLevelsCallTheWholeTeamAndTheChannel(int level)
    {
        var step = EscalationLadder.For(level, OnCall(Alice, Bob));

        Assert.Equal(level, step.Level);
        Assert.Equal([Alice, Bob, Carol], step.Mentions);
        Assert.True(step.MentionChannel);
        Assert.Equal("calling the whole team", step.Description);
    }

    [Fact]
    public void For_LaterLevelOfATeamWithoutMembersStillCallsTheChannel()
    {
        var step = EscalationLadder.For(2, new OnCallSnapshot(null, null, []));

        Assert.Empty(step.Mentions);
        Assert.True(step.MentionChannel);
    }
}
