using NodaTime;
using OpsBot.Routing.Time;

namespace OpsBot.Tests.Routing.Time;

public sealed class OnCallRotationTests
{
    private static readonly string[] Team = ["alice", "bob", "carol"];

    // Weekly on Monday 09:00 London; anchored on Wednesday 2026-03-04, so alice's first shift starts Monday 2026-03-09.
    private static OnCallRotation Weekly(params OnCallOverride[] overrides) => Weekly(new LocalDate(2026, 3, 4), overrides);

    private static OnCallRotation Weekly(LocalDate anchor, params OnCallOverride[] overrides) => new(
        TimeZones.Find("Europe/London"), Team, HandoverEvery.Week, new LocalTime(9, 0), IsoDayOfWeek.Monday, anchor, overrides);

    // Daily at 08:00 New York from 2026-03-06. The handover day is meaningless for daily rotations, so None must do.
    private static OnCallRotation Daily() => new(
        TimeZones.Find("America/New_York"), ["alice", "bob"], HandoverEvery.Day, new LocalTime(8, 0), IsoDayOfWeek.None,
        new LocalDate(2026, 3, 6), []);

    [Theory]
    [InlineData("2026-03-09T09:00:00Z", "alice", "bob", "2026-03-09T09:00:00Z", "2026-03-16T09:00:00Z")] // the handover instant starts the new shift
    [InlineData("2026-03-09T08:59:59Z", "carol", "alice", "2026-03-02T09:00:00Z", "2026-03-09T09:00:00Z")] // just before the first shift
    [InlineData("2026-03-30T08:00:00Z", "alice", "bob", "2026-03-30T08:00:00Z", "2026-04-06T08:00:00Z")] // fourth shift wraps to alice, 09:00 BST
    public void At_Weekly_CyclesMembersFromTheFirstHandover(string at, string primary, string secondary, string start, string end)
    {
        var shift = Weekly().At(TimeText.Instant(at));

        Assert.Equal(
            new OnCallShift(primary, secondary, TimeText.Instant(start), TimeText.Instant(end), Overridden: false),
            shift);
    }

    // Monday 2026-03-16 10:00 UTC is in the second shift when anchored on that first Monday, the first when anchored after it.
    [Theory]
    [InlineData("2026-03-09", "bob", "2026-03-16T09:00:00Z")]
    [InlineData("2026-03-10", "alice", "2026-03-16T09:00:00Z")]
    public void At_Weekly_FirstShiftStartsOnTheFirstHandoverDayOnOrAfterTheAnchor(string anchor, string primary, string start)
    {
        var shift = Weekly(TimeText.Date(anchor)).At(TimeText.Instant("2026-03-16T10:00:00Z"));

        Assert.Equal((primary, TimeText.Instant(start)), (shift.Primary, shift.Start));
    }

    [Theory]
    [InlineData("2026-03-25T12:00:00Z", 167)] // over the spring-forward: Monday 09:00 GMT to Monday 09:00 BST
    [InlineData("2026-10-20T12:00:00Z", 169)] // over the fall-back
    public void At_Weekly_KeepsHandoverAtLocalNineAcrossClockChanges(string at, int hours)
    {
        var shift = Weekly().At(TimeText.Instant(at));

        Assert.Equal(Duration.FromHours(hours), shift.End - shift.Start);
    }

    [Theory]
    [InlineData("2026-03-07T13:00:00Z", "bob", "2026-03-07T13:00:00Z", "2026-03-08T12:00:00Z")] // 23-hour shift over the spring-forward
    [InlineData("2026-03-08T12:00:00Z", "alice", "2026-03-08T12:00:00Z", "2026-03-09T12:00:00Z")] // 08:00 EDT, 47 h after the first
    [InlineData("2026-03-05T12:59:59Z", "alice", "2026-03-04T13:00:00Z", "2026-03-05T13:00:00Z")] // two shifts before the anchor
    public void At_Daily_HandsOverEveryLocalDay(string at, string primary, string start, string end)
    {
        var shift = Daily().At(TimeText.Instant(at));

        Assert.Equal((primary, TimeText.Instant(start), TimeText.Instant(end)), (shift.Primary, shift.Start, shift.End));
        Assert.NotEqual(primary, shift.Secondary);
    }

    [Fact]
    public void At_HandoverAtASkippedTimeHappensWhenTheClocksResume()
    {
        var rotation = new OnCallRotation(
            TimeZones.Find("Europe/London"), ["alice", "bob"], HandoverEvery.Day, new LocalTime(1, 30), IsoDayOfWeek.Monday,
            new LocalDate(2026, 3, 28), []);

        var shift = rotation.At(TimeText.Instant("2026-03-29T01:00:00Z"));

        Assert.Equal(("bob", TimeText.Instant("2026-03-29T01:00:00Z")), (shift.Primary, shift.Start));
    }

    [Fact]
    public void At_OneMemberHasNoSecondary()
    {
        var rotation = new OnCallRotation(
            TimeZones.Find("Europe/London"), ["alice"], HandoverEvery.Week, new LocalTime(9, 0), IsoDayOfWeek.Monday,
            new LocalDate(2026, 3, 4), []);

        var shift = rotation.At(TimeText.Instant("2026-03-10T12:00:00Z"));

        Assert.Equal(("alice", (string?)null), (shift.Primary, shift.Secondary));
    }

    // carol covers alice's Tuesday night, and a later-listed swap gives two hours of it to bob.
    [Theory]
    [InlineData("2026-03-10T19:00:00Z", "carol", "alice", "2026-03-10T18:00:00Z", "2026-03-11T08:00:00Z", true)]
    [InlineData("2026-03-10T21:00:00Z", "bob", "alice", "2026-03-10T20:00:00Z", "2026-03-10T22:00:00Z", true)]
    [InlineData("2026-03-11T08:00:00Z", "alice", "bob", "2026-03-09T09:00:00Z", "2026-03-16T09:00:00Z", false)] // override end excluded
    public void At_OverrideReplacesPrimaryAndKeepsScheduledAsSecondary(
        string at, string primary, string secondary, string start, string end, bool overridden)
    {
        var rotation = Weekly(
            new OnCallOverride(new LocalDateTime(2026, 3, 10, 18, 0), new LocalDateTime(2026, 3, 11, 8, 0), "carol"),
            new OnCallOverride(new LocalDateTime(2026, 3, 10, 20, 0), new LocalDateTime(2026, 3, 10, 22, 0), "bob"));

        Assert.Equal(
            new OnCallShift(primary, secondary, TimeText.Instant(start), TimeText.Instant(end), overridden),
            rotation.At(TimeText.Instant(at)));
    }

    [Theory]
    [InlineData(0, null, null, null, "a rotation needs at least one member")]
    [InlineData(3, "2026-03-10T18:00", "2026-03-10T18:00", "carol", "override for 'carol' ends at")]
    [InlineData(3, "2026-03-10T18:00", "2026-03-11T08:00", "dave", "override member 'dave' is not in the rotation")]
    public void Constructor_RejectsInvalidSetup(
        int memberCount, string? overrideStart, string? overrideEnd, string? overrideMember, string message)
    {
        OnCallOverride[] overrides = overrideStart is null || overrideEnd is null || overrideMember is null
            ? []
            : [new OnCallOverride(TimeText.DateTime(overrideStart), TimeText.DateTime(overrideEnd), overrideMember)];

        var error = Assert.Throws<ArgumentException>(() => new OnCallRotation(
            TimeZones.Find("Europe/London"), Team[..memberCount], HandoverEvery.Week, new LocalTime(9, 0),
            IsoDayOfWeek.Monday, new LocalDate(2026, 3, 4), overrides));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
