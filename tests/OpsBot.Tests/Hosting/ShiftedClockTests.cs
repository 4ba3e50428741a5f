using OpsBot.Hosting;
using OpsBot.Routing.Config;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Hosting;

public sealed class ShiftedClockTests
{
    [Fact]
    public void Starts_at_the_chosen_moment_and_runs_on_with_the_real_clock()
    {
        var real = new ManualClock(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        var shifted = new ShiftedClock(new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.FromHours(1)), real);

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero), shifted.GetUtcNow());
        real.Advance(TimeSpan.FromMinutes(7));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 2, 7, 0, TimeSpan.Zero), shifted.GetUtcNow());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_a_start_the_clock_is_the_system_clock(string? setting) => Assert.Same(TimeProvider.System, ShiftedClock.From(setting));

    [Fact]
    public void A_start_without_an_offset_is_UTC_and_a_bad_one_names_the_key()
    {
        var clock = ShiftedClock.From("2030-01-01T00:00:00");
        Assert.InRange(clock.GetUtcNow(), new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2030, 1, 1, 0, 1, 0, TimeSpan.Zero));
        var e = Assert.Throws<InvalidConfigurationException>(() => ShiftedClock.From("next tuesday"));
        Assert.Equal("Clock:StartAt", Assert.Single(e.Issues).Key);
    }
}
