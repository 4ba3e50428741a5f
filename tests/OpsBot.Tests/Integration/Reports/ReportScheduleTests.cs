using OpsBot.Tests.Integration.Routing;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Integration.Reports;

/// <summary>The weekly report goes out at each team's local Monday morning, on the injected clock, and covers the week that ended.</summary>
public sealed class ReportScheduleTests
{
    [Fact]
    public async Task EachTeamGetsItsReport_AtNineOnMondayInItsOwnZone()
    {
        // Sunday 2026-11-22 12:00 UTC: Berlin's Monday 09:00 is 08:00 UTC tomorrow, UTC's 09:00, New York's 14:00 UTC.
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        await using var host = TwoTeams.Host(clock, new() { ["Console:BaseUrl"] = "https://opsbot.example" });
        var client = await host.StartAsync();
        await TwoTeams.SendAsync(client, "PostgresDown", "db-1:9100", "critical", clock.GetUtcNow());
        await TwoTeams.RoutedAsync(client, "PostgresDown");

        clock.Advance(TimeSpan.FromHours(20).Add(TimeSpan.FromMinutes(1))); // 08:01 UTC Monday
        var dba = (await TwoTeams.WaitForNotificationsAsync(client, n => n.GetProperty("kind").GetString() == "report", 1, "dba's report")).Single();
        Assert.Equal("dba", dba.GetProperty("team").GetString());
        Assert.Equal("Weekly report for dba, 2026-W47", dba.GetProperty("title").GetString());
        var text = dba.GetProperty("text").GetString()!;
        Assert.Contains("PostgresDown", text);
        Assert.Contains("https://opsbot.example/console/reports/dba/2026-W47", text);

        clock.Advance(TimeSpan.FromHours(6)); // 14:01 UTC: New York's Monday 09:01
        // The host also has the embedded default team "ops" (UTC), whose 09:00 came in between.
        var reports = await TwoTeams.WaitForNotificationsAsync(client, n => n.GetProperty("kind").GetString() == "report", 3, "ops's and web's reports");
        Assert.Equal(["dba", "ops", "web"], reports.Select(r => r.GetProperty("team").GetString()!).Order());
        var next = host.Scalar("SELECT DueAt FROM timers WHERE Key = 'weekly-report:dba'");
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), next);
    }
}

public sealed class ReportInChatTests
{
    [Fact]
    public async Task TheWeeklySummary_IsPostedInTheTeamsFirstChannel()
    {
        await using var fake = await FakeChatApi.StartAsync();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        await using var host = Chat.ChatHost.Host(fake, clock, new() { ["Console:BaseUrl"] = "https://opsbot.example" });
        var client = await host.StartAsync();
        await TwoTeams.SendAsync(client, "PostgresDown", "db-1:9100", "critical", clock.GetUtcNow());
        await fake.WaitUntilAsync(f => f.SlackMessages.Count == 1, TimeSpan.FromSeconds(20));

        clock.Advance(TimeSpan.FromHours(20).Add(TimeSpan.FromMinutes(1)));
        // Each platform has its own delivery queue, so the two posts arrive in either order.
        await fake.WaitUntilAsync(f => f.SlackMessages.Any(m => (m.Text ?? "").Contains("Weekly report for dba")) &&
            f.DiscordMessages.Any(m => (m.Content ?? "").Contains("Weekly report for dba")), TimeSpan.FromSeconds(20));
        var summary = fake.SlackMessages.Single(m => (m.Text ?? "").Contains("Weekly report for dba"));
        Assert.Equal("C0DBA00001", summary.Channel);
        Assert.Contains("PostgresDown", summary.Text);
        Assert.Contains("https://opsbot.example/console/reports/dba/2026-W47", summary.Text);
        Assert.Contains(fake.DiscordMessages, m => (m.Content ?? "").Contains("Weekly report for dba"));
    }
}
