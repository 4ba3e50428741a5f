using OpsBot.Tests.Support;
using static OpsBot.Tests.Integration.Routing.TwoTeams;

namespace OpsBot.Tests.Integration.Routing;

/// <summary>Escalation and digest timers live in the database: a restart in between does not lose them.</summary>
public sealed class RestartTimersTests
{
    [Fact]
    public async Task An_escalation_and_a_digest_scheduled_before_a_restart_fire_after_it()
    {
        var clock = new ManualClock(MondayMorningBerlin);
        var first = Host(clock);
        var client = await first.StartAsync();
        await SendAsync(client, "PostgresDown", "db-1:9100", "critical", clock.GetUtcNow());
        await SendAsync(client, "SlowQueries", "web-3:9100", "warning", clock.GetUtcNow()); // web is closed: digest at 14:00Z
        await WaitForNotificationsAsync(client, n => Kind(n, "page"), 1, "page before the restart");
        await RoutedAsync(client, "SlowQueries");
        Assert.Equal(2, first.Scalar(TwoTeams.AlertTimers));
        await first.DisposeAsync();

        clock.Advance(TimeSpan.FromHours(5));
        await using var second = Host(clock, dataDir: first.DataDir);
        client = await second.StartAsync();
        var escalation = (await WaitForNotificationsAsync(client, n => Kind(n, "escalation"), 1, "escalation after the restart")).Single();
        Assert.Equal(1, escalation.GetProperty("level").GetInt32());
        var digest = (await WaitForNotificationsAsync(client, n => Kind(n, "digest"), 1, "digest after the restart")).Single();
        Assert.Contains("SlowQueries", digest.GetProperty("text").GetString());
        second.DeleteData();
    }
}
