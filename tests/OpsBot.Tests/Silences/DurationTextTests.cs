using OpsBot.Silences;

namespace OpsBot.Tests.Silences;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("30m", 0, 0, 30, 0)]
    [InlineData("90m", 0, 1, 30, 0)]
    [InlineData("2h", 0, 2, 0, 0)]
    [InlineData("1h30m", 0, 1, 30, 0)]
    [InlineData("1d", 1, 0, 0, 0)]
    [InlineData("1w", 7, 0, 0, 0)]
    [InlineData("1w2d3h4m5s", 9, 3, 4, 5)]
    [InlineData("45s", 0, 0, 0, 45)]
    [InlineData("2h2h", 0, 4, 0, 0)] // parts add up
    [InlineData(" 2h ", 0, 2, 0, 0)]
    [InlineData("02:00:00", 0, 2, 0, 0)]
    [InlineData("1:30", 0, 1, 30, 0)]
    [InlineData("1.02:00:00", 1, 2, 0, 0)]
    [InlineData("100000m", 69, 10, 40, 0)]
    public void TryParse_Accepts(string text, int days, int hours, int minutes, int seconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(new TimeSpan(days, hours, minutes, seconds), duration);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("0m")]
    [InlineData("0h0m")]
    [InlineData("00:00:00")]
    [InlineData("-01:00:00")]
    [InlineData("-1h")]
    [InlineData("2")]
    [InlineData("h")]
    [InlineData("2 hours")]
    [InlineData("2H")]
    [InlineData("1.5h")]
    [InlineData("2h 30m")]
    [InlineData("1y")]
    [InlineData("100001m")]
    [InlineData("25:00")]
    public void TryParse_Rejects(string? text)
    {
        Assert.False(DurationText.TryParse(text, out _));
    }

    [Fact]
    public void TryParse_RejectsASumBeyondTheLongestTimeSpanWithoutThrowing()
    {
        // Each part is within the per-part limit; sixteen of them exceed TimeSpan.MaxValue (about 29 227 years).
        var text = string.Concat(Enumerable.Repeat("100000w", 16));

        Assert.False(DurationText.TryParse(text, out _));
    }

    [Theory]
    [InlineData(0, 0, 0, 0, "0s")]
    [InlineData(0, 0, 0, 45, "45s")]
    [InlineData(0, 0, 30, 0, "30m")]
    [InlineData(0, 2, 0, 0, "2h")]
    [InlineData(0, 1, 30, 0, "1h30m")]
    [InlineData(1, 0, 0, 0, "1d")]
    [InlineData(7, 0, 0, 0, "7d")]
    [InlineData(1, 0, 1, 0, "1d1m")]
    [InlineData(2, 3, 4, 5, "2d3h4m5s")]
    [InlineData(365, 0, 0, 0, "365d")]
    public void Format(int days, int hours, int minutes, int seconds, string expected)
    {
        Assert.Equal(expected, DurationText.Format(new TimeSpan(days, hours, minutes, seconds)));
    }

    [Theory]
    [InlineData("90m")]
    [InlineData("1w2d3h4m5s")]
    [InlineData("36h")]
    public void Format_ParsesBackToTheSameDuration(string text)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.True(DurationText.TryParse(DurationText.Format(duration), out var again));
        Assert.Equal(duration, again);
    }
}
