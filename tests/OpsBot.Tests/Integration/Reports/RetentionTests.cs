using OpsBot.Tests.Integration.Routing;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Integration.Reports;

public sealed class RetentionTests
{
    [Fact]
    public async Task HistoryOlderThanTheRetention_IsPurged_ButOpenAlertsKeepEverything()
    {
        var start = TwoTeams.MondayMorningBerlin;
        var clock = new ManualClock(start);
        await using var host = TwoTeams.Host(clock);
        var client = await host.StartAsync();
        await TwoTeams.SendAsync(client, "PostgresDown", "db-1:9100", "warning", start);
        await TwoTeams.SendAsync(client, "PostgresDown", "db-1:9100", "warning", start, endsAt: start.AddMinutes(3));
        await TwoTeams.SendAsync(client, "MysqlDown", "db-2:9100", "warning", start);
        await TwoTeams.RoutedAsync(client, "MysqlDown");
        await Eventually.Async(async () => (await TwoTeams.AlertAsync(client, "PostgresDown")).GetProperty("status").GetString() == "resolved", "resolved");
        var mysqlId = (await TwoTeams.AlertAsync(client, "MysqlDown")).GetProperty("id").GetInt64();
        Assert.Equal(2, host.Scalar("SELECT COUNT(*) FROM alerts"));

        clock.Advance(TimeSpan.FromDays(91));
        await Eventually.Async(async () => host.Scalar("SELECT COUNT(*) FROM alerts") == 1, "the old resolved alert purged");
        Assert.Equal(mysqlId, host.Scalar("SELECT Id FROM alerts"));
        Assert.Equal(0, host.Scalar($"SELECT COUNT(*) FROM alert_occurrences WHERE AlertId <> {mysqlId}"));
        Assert.True(host.Scalar($"SELECT COUNT(*) FROM alert_occurrences WHERE AlertId = {mysqlId}") > 0);
        Assert.True(host.Scalar($"SELECT COUNT(*) FROM alert_routes WHERE AlertId = {mysqlId}") > 0);
    }
}
