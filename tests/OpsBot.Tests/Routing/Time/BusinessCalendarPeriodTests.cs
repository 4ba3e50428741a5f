using NodaTime;
using OpsBot.Routing.Time;

namespace OpsBot.Tests.Routing.Time;

public sealed class BusinessCalendarPeriodTests
{
    private const string Office = "Mon-Fri 09:00-17:00";

    [Theory]
    [InlineData("Europe/London", Office, null, "2026-06-12T17:00:00Z", "2026-06-15T08:00:00Z")] // Friday 18:00 BST → Monday 09:00 BST
    [InlineData("Europe/London", Office, null, "2026-03-27T18:00:00Z", "2026-03-30T08:00:00Z")] // Friday GMT → Monday BST
    [InlineData("Europe/London", Office, null, "2026-06-10T08:00:00Z", "2026-06-11T08:00:00Z")] // at an opening: the next one
    [InlineData("Europe/London", Office, "2026-12-25,2026-12-28", "2026-12-24T18:00:00Z", "2026-12-29T09:00:00Z")] // over holidays
    [InlineData("Europe/London", "Mon 09:00-12:00; Mon 12:00-17:00; Tue 09:00-17:00", null, "2026-06-15T10:00:00Z", "2026-06-16T08:00:00Z")] // 12:00 is not an opening
    [InlineData("Europe/London", "Sun 01:30-05:00", null, "2026-03-28T12:00:00Z", "2026-03-29T01:00:00Z")] // 01:30 skipped: opens 02:00 BST
    [InlineData("Europe/London", "Sun 01:30-05:00", null, "2026-10-24T12:00:00Z", "2026-10-25T00:30:00Z")] // repeated 01:30: first one (BST)
    [InlineData("Europe/London", "Sun 01:30-05:00", null, "2026-10-25T00:45:00Z", "2026-10-25T01:30:00Z")] // reopens at 01:30 GMT after the clock ran back
    [InlineData("Europe/London", "Mon-Sun 00:00-24:00", "2026-12-25", "2026-12-19T12:00:00Z", "2026-12-26T00:00:00Z")] // after the holiday, 7 dates on
    public void NextOpening_IsTheNextClosedToOpenInstant(string zone, string hours, string? holidays, string after, string expected)
    {
        var calendar = new BusinessCalendar(TimeZones.Find(zone), TimeText.Hours(hours), TimeText.Dates(holidays));

        Assert.Equal(TimeText.Instant(expected), calendar.NextOpening(TimeText.Instant(after)));
    }

    [Fact]
    public void NextOpening_IsNullForEmptyHours()
    {
        var calendar = new BusinessCalendar(TimeZones.Find("Europe/London"), WeeklyHours.Parse([]), []);

        Assert.Null(calendar.NextOpening(TimeText.Instant("2026-06-12T17:00:00Z")));
    }

    // 400 holiday dates from the search's first date hide every opening; with the last of them removed, it opens that day.
    [Theory]
    [InlineData(400, null)]
    [InlineData(399, "2027-02-04T09:00:00Z")]
    public void NextOpening_GivesUpAfter400DatesOfHolidays(int holidayCount, string? expected)
    {
        var holidays = Enumerable.Range(0, holidayCount).Select(i => new LocalDate(2026, 1, 1).PlusDays(i));
        var calendar = new BusinessCalendar(TimeZones.Find("Europe/London"), TimeText.Hours("Mon-Sun 09:00-17:00"), holidays);

        Assert.Equal(TimeText.OptionalInstant(expected), calendar.NextOpening(TimeText.Instant("2026-01-01T12:00:00Z")));
    }

    [Theory]
    [InlineData("Europe/London", Office, null, "2026-06-10T08:00:00Z", "2026-06-10T16:00:00Z")] // 09:00-17:00 BST
    [InlineData("Europe/London", Office, null, "2026-06-10T16:00:00Z", null)] // closed at 17:00 BST
    [InlineData("Europe/London", "Fri 22:00-06:00", null, "2026-06-12T23:00:00Z", "2026-06-13T05:00:00Z")] // overnight, Saturday 06:00 BST
    [InlineData("Europe/London", "Thu 22:00-06:00", "2026-12-25", "2026-12-24T23:00:00Z", "2026-12-25T00:00:00Z")] // cut at the holiday's midnight
    [InlineData("Europe/London", "Sun 00:00-01:30", null, "2026-03-29T00:30:00Z", "2026-03-29T01:00:00Z")] // the clock jumps over 01:30
    [InlineData("Europe/London", "Sun 00:00-01:30", null, "2026-10-24T23:30:00Z", "2026-10-25T00:30:00Z")] // first 01:30 (BST)
    [InlineData("Europe/London", "Mon-Sun 00:00-24:00", null, "2026-06-10T08:00:00Z", null)] // never closes
    public void CurrentPeriodEnd_IsWhenAnOpenCalendarCloses(string zone, string hours, string? holidays, string at, string? expected)
    {
        var calendar = new BusinessCalendar(TimeZones.Find(zone), TimeText.Hours(hours), TimeText.Dates(holidays));

        Assert.Equal(TimeText.OptionalInstant(expected), calendar.CurrentPeriodEnd(TimeText.Instant(at)));
    }
}
