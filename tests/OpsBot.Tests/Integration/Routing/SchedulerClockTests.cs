using OpsBot.Tests.Support;

namespace OpsBot.Tests.Integration.Routing;

/// <summary>
/// The timers job keeps its cadence on real time while "now" comes from the injected clock: a stopped test clock
/// must not stop Quartz, and moving it must make due timers fire on the next pass.
/// </summary>
public sealed class SchedulerClockTests
{
    [Fact]
    public async Task The_timers_job_keeps_running_while_the_injected_clock_stands_still()
    {
        var clock = new ManualClock(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var host = TwoTeams.Host(clock);
        var client = await host.StartAsync();
        await TwoTeams.SchedulerPassesAsync(client, 3);
        clock.Advance(TimeSpan.FromDays(3));
        await TwoTeams.SchedulerPassesAsync(client, 3);
        host.DeleteData();
    }
}
