using NodaTime;
using OpsBot.Routing.Time;

namespace OpsBot.Tests.Routing.Time;

public sealed class RecurringWindowTests
{
    private static RecurringWindow London(string spec) => RecurringWindow.Parse(spec, TimeZones.Find("Europe/London"));

    [Theory]
    [InlineData("Sun 02:00-04:00", "2026-06-14T01:00:00Z", "2026-06-14T01:00:00Z", "2026-06-14T03:00:00Z")] // start included (02:00 BST)
    [InlineData("Mon-Fri 23:30-00:30", "2026-01-10T00:15:00Z", "2026-01-09T23:30:00Z", "2026-01-10T00:30:00Z")] // Friday's, still running on Saturday
    [InlineData("Mon-Fri 23:30-00:30", "2026-01-12T00:15:00Z", null, null)] // Monday morning: Sunday has no window
    [InlineData("Sun 00:30-02:30", "2026-03-29T01:15:00Z", "2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z")] // two wall-clock hours, one real
    [InlineData("Sun 01:30-03:00", "2026-03-29T01:10:00Z", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z")] // skipped start: 02:00 BST
    [InlineData("Sun 01:30-02:30", "2026-10-25T02:00:00Z", "2026-10-25T00:30:00Z", "2026-10-25T02:30:00Z")] // repeated start: 01:30 BST
    public void OccurrenceAt_FindsTheWindowContainingTheInstant(string spec, string at, string? start, string? end)
    {
        var expected = start is null || end is null ? ((Instant, Instant)?)null : (TimeText.Instant(start), TimeText.Instant(end));

        Assert.Equal(expected, London(spec).OccurrenceAt(TimeText.Instant(at)));
    }

    [Theory]
    [InlineData("Sun 02:00-04:00", "2026-06-14T01:00:00Z", "2026-06-21T01:00:00Z")] // strictly after a start
    [InlineData("Sun 02:00-04:00", "2026-03-22T03:00:00Z", "2026-03-29T01:00:00Z")] // 02:00 BST on the spring-forward day
    public void NextStart_IsTheFirstStartStrictlyAfter(string spec, string after, string expected)
    {
        Assert.Equal(TimeText.Instant(expected), London(spec).NextStart(TimeText.Instant(after)));
    }

    [Fact]
    public void Parse_RejectsZeroLength()
    {
        var error = Assert.Throws<FormatException>(() => London("Sun 02:00-02:00"));

        Assert.Equal("\"Sun 02:00-02:00\": start and end are both 02:00 (write 00:00-24:00 for a whole day)", error.Message);
    }

    [Fact]
    public void Constructor_RejectsZeroLength()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecurringWindow(
            TimeZones.Find("Europe/London"), new HashSet<IsoDayOfWeek> { IsoDayOfWeek.Sunday }, new LocalTime(2, 0), Duration.Zero));
    }

    // Without a day NextStart would have nothing to return.
    [Fact]
    public void Constructor_RejectsNoDays()
    {
        var error = Assert.Throws<ArgumentException>(() => new RecurringWindow(
            TimeZones.Find("Europe/London"), new HashSet<IsoDayOfWeek>(), new LocalTime(2, 0), Duration.FromHours(1)));

        Assert.Equal("days", error.ParamName);
    }
}
