using NodaTime;
using OpsBot.Reports;

namespace OpsBot.Tests.Reports;

public sealed class ReportWeekTests
{
    private static DateTimeZone Zone(string id) => DateTimeZoneProviders.Tzdb[id];

    [Theory]
    [InlineData("Europe/Berlin", "2026-W43", "2026-10-18T22:00:00Z", 169)] // falls back Sunday 25 October
    [InlineData("Europe/Berlin", "2026-W13", "2026-03-22T23:00:00Z", 167)] // springs forward Sunday 29 March
    [InlineData("Europe/Berlin", "2026-W48", "2026-11-22T23:00:00Z", 168)]
    [InlineData("America/New_York", "2026-W44", "2026-10-26T04:00:00Z", 169)] // falls back Sunday 1 November
    [InlineData("America/New_York", "2026-W11", "2026-03-09T04:00:00Z", 168)] // sprang forward the Sunday before
    [InlineData("America/New_York", "2026-W10", "2026-03-02T05:00:00Z", 167)]
    [InlineData("UTC", "2026-W43", "2026-10-19T00:00:00Z", 168)]
    [InlineData("UTC", "2026-W01", "2025-12-29T00:00:00Z", 168)] // week 1 starts in the year before
    [InlineData("UTC", "2026-W53", "2026-12-28T00:00:00Z", 168)] // 2026 has 53 weeks
    public void Bounds_AreLocalMondayMidnights(string zone, string week, string from, int hours)
    {
        var (start, end) = ReportWeek.Bounds(week, Zone(zone));

        Assert.Equal(DateTimeOffset.Parse(from), start);
        Assert.Equal(TimeSpan.FromHours(hours), end - start);
        Assert.Equal(TimeSpan.Zero, start.Offset);
    }

    [Fact]
    public void WeekOf_ReadsTheLocalDate()
    {
        // Sunday 23:30 in New York is already Monday in UTC.
        var instant = Instant.FromUtc(2026, 10, 26, 3, 30);

        Assert.Equal("2026-W43", ReportWeek.WeekOf(instant, Zone("America/New_York")));
        Assert.Equal("2026-W44", ReportWeek.WeekOf(instant, Zone("UTC")));
        Assert.Equal("2026-W53", ReportWeek.WeekOf(Instant.FromUtc(2027, 1, 1, 12, 0), Zone("UTC")));
    }

    [Theory]
    [InlineData("2026-W48", "2026-W48")]
    [InlineData("2026-w48", "2026-W48")]
    [InlineData(" 2026W5 ", "2026-W05")]
    [InlineData("2026-W53", "2026-W53")]
    public void TryParse_Normalises(string text, string expected)
    {
        Assert.True(ReportWeek.TryParse(text, out var week));
        Assert.Equal(expected, week);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("2026-W00")]
    [InlineData("2025-W53")] // 2025 has 52 weeks
    [InlineData("2026-48")]
    [InlineData("last week")]
    public void TryParse_RejectsWhatIsNoWeek(string? text) => Assert.False(ReportWeek.TryParse(text, out _));

    [Fact]
    public void TryParse_ThisAndLastAreRelativeToNowInTheZone()
    {
        var now = Instant.FromUtc(2026, 10, 26, 3, 30); // Monday in UTC, still Sunday in New York

        Assert.True(ReportWeek.TryParse("this", now, Zone("America/New_York"), out var nyThis));
        Assert.True(ReportWeek.TryParse("LAST", now, Zone("America/New_York"), out var nyLast));
        Assert.True(ReportWeek.TryParse("last", now, Zone("UTC"), out var utcLast));
        Assert.True(ReportWeek.TryParse("2026-W01", now, Zone("UTC"), out var absolute));

        Assert.Equal(("2026-W43", "2026-W42", "2026-W43", "2026-W01"), (nyThis, nyLast, utcLast, absolute));
        Assert.False(ReportWeek.TryParse("next", now, Zone("UTC"), out _));
    }

    [Theory]
    [InlineData("2026-W43", "2026-W42")]
    [InlineData("2026-W01", "2025-W52")]
    [InlineData("2027-W01", "2026-W53")]
    public void Previous_CrossesYears(string week, string previous)
    {
        Assert.Equal(previous, ReportWeek.Previous(week));
        Assert.Equal(week, ReportWeek.Next(previous));
    }
}
