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

    [Fact]
    public void Schedule_OneAckTimeoutApart()
    {
        var pagedAt = DateTimeOffset.Parse("2026-01-14T10:00:00+01:00", CultureInfo.InvariantCulture);

        var times = EscalationLadder.Schedule(pagedAt, TimeSpan.FromMinutes(10), 3).ToList();

        Assert.Equal(
            [
                DateTimeOffset.Parse("2026-01-14T10:10:00+01:00", CultureInfo.InvariantCulture),
                DateTimeOffset.Parse("2026-01-14T10:20:00+01:00", CultureInfo.InvariantCulture),
                DateTimeOffset.Parse("2026-01-14T10:30:00+01:00", CultureInfo.InvariantCulture),
            ],
            times);
        Assert.All(times, t => Assert.Equal(TimeSpan.FromHours(1), t.Offset));
    }

    [Fact]
    public void Schedule_NoLevelsNoEscalation()
    {
        Assert.Empty(EscalationLadder.Schedule(DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(10), 0));
    }

    [Fact]
    public void Schedule_OneLevel()
    {
        var pagedAt = DateTimeOffset.Parse("2026-01-14T23:55:00Z", CultureInfo.InvariantCulture);

        Assert.Equal(
            [DateTimeOffset.Parse("2026-01-15T00:10:00Z", CultureInfo.InvariantCulture)],
            EscalationLadder.Schedule(pagedAt, TimeSpan.FromMinutes(15), 1));
    }
}
