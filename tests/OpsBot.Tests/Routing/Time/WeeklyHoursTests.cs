using NodaTime;
using OpsBot.Routing.Time;

namespace OpsBot.Tests.Routing.Time;

public sealed class WeeklyHoursTests
{
    [Theory]
    [InlineData("mon,WED 08:00-12:00", "Mon,Wed 08:00-12:00")]
    [InlineData("Wed,Tue,Mon 08:00-12:00", "Mon-Wed 08:00-12:00")]
    [InlineData("Sat-Mon 22:00-00:00", "Sat-Mon 22:00-24:00")]
    [InlineData("Sun-Tue 22:00-06:00; Fri 09:00-17:30; Mon-Fri 09:00-17:30", "Mon-Fri 09:00-17:30; Sun-Tue 22:00-06:00")]
    public void Parse_NormalisesText(string specs, string expected)
    {
        var hours = TimeText.Hours(specs);

        Assert.Equal(expected, hours.ToString());
        Assert.Equal(expected, TimeText.Hours(hours.ToString()).ToString());
    }

    [Fact]
    public void Parse_EmptyListNeverOpens()
    {
        var hours = WeeklyHours.Parse([]);

        Assert.True(hours.IsEmpty);
        Assert.False(hours.Contains(IsoDayOfWeek.Monday, new LocalTime(12, 0)));
        Assert.Equal("", hours.ToString());
    }

    [Theory]
    [InlineData("Mon-Fry 09:00-17:00", "\"Mon-Fry 09:00-17:00\": unknown day 'Fry' (use Mon..Sun)")]
    [InlineData("09:00-17:00", "\"09:00-17:00\": expected '<days> <HH:mm>-<HH:mm>' such as 'Mon-Fri 09:00-17:30'")]
    [InlineData("Mon 9:00-17:00", "\"Mon 9:00-17:00\": bad time '9:00' (use HH:mm from 00:00 to 23:59, or 24:00 as an end)")]
    [InlineData("Mon 24:00-06:00", "\"Mon 24:00-06:00\": 24:00 can only end a range (start at 00:00 instead)")]
    [InlineData("Mon 09:00-09:00", "\"Mon 09:00-09:00\": start and end are both 09:00 (write 00:00-24:00 for a whole day)")]
    public void Parse_RejectsBadSpecNamingItAndTheReason(string spec, string message)
    {
        var error = Assert.Throws<FormatException>(() => WeeklyHours.Parse(["Sat 10:00-14:00", spec]));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("Mon-Fri 09:00-17:30", IsoDayOfWeek.Friday, "17:29:59.999", true)]
    [InlineData("Mon-Fri 09:00-17:30", IsoDayOfWeek.Friday, "17:30", false)]
    [InlineData("Sun-Tue 22:00-06:00", IsoDayOfWeek.Wednesday, "05:59", true)]
    [InlineData("Sun-Tue 22:00-06:00", IsoDayOfWeek.Wednesday, "22:00", false)]
    [InlineData("Sat-Mon 10:00-12:00", IsoDayOfWeek.Sunday, "11:00", true)]
    public void Contains_UsesStartIncludedEndExcludedAndCarriesOvernightRangesIntoTheNextDay(
        string specs, IsoDayOfWeek day, string time, bool expected)
    {
        Assert.Equal(expected, TimeText.Hours(specs).Contains(day, TimeText.Time(time)));
    }
}
