using System.Net;
using System.Text;
using OpsBot.Tests.Integration.Routing;
using OpsBot.Tests.Support;
using static OpsBot.Tests.Integration.Chat.ChatHost;

namespace OpsBot.Tests.Integration.Chat;

/// <summary>Every bad Slack request gets a precise 4xx, is counted, and leaves the service working.</summary>
public sealed class SlackRequestCheckTests
{
    private static readonly DateTimeOffset Start = TwoTeams.MondayMorningBerlin;

    [Fact]
    public async Task BadRequests_AreRefusedPrecisely_AndGoodOnesStillWork()
    {
        await using var fake = await FakeChatApi.StartAsync();
        var clock = new ManualClock(Start);
        await using var host = Host(fake, clock);
        var client = await host.StartAsync();
        var now = clock.GetUtcNow().ToUnixTimeSeconds().ToString();
        var form = Form(("user_id", AnnaSlack), ("channel_id", DbaPagesSlack), ("team_id", "T1"), ("command", "/ops"), ("text", "help"),
            ("response_url", fake.SlackResponseUrlBase + "x"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostSlackAsync(client, "/slack/commands", form, now, "not-the-secret")).StatusCode);
        var stale = clock.GetUtcNow().AddMinutes(-6).ToUnixTimeSeconds().ToString();
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostSlackAsync(client, "/slack/commands", form, stale, SlackSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostSlackAsync(client, "/slack/commands", form, now, SlackSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostSlackAsync(client, "/slack/commands", form, now, SlackSecret)).StatusCode);
        var noUser = Form(("channel_id", DbaPagesSlack), ("team_id", "T1"), ("command", "/ops"), ("text", "help"), ("response_url", "x"));
        Assert.Equal(HttpStatusCode.BadRequest, (await PostSlackAsync(client, "/slack/commands", noUser, now, SlackSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostSlackAsync(client, "/slack/interactions", Form(("payload", "{not json")), now, SlackSecret)).StatusCode);
        var huge = Form(("text", new string('x', 70_000)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostSlackAsync(client, "/slack/commands", huge, now, SlackSecret)).StatusCode);
        var unsigned = await client.PostAsync("/slack/commands", new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);

        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("opsbot_chat_requests_total{platform=\"slack\",outcome=\"bad_signature\"} 3", metrics);
        Assert.Contains("opsbot_chat_requests_total{platform=\"slack\",outcome=\"replayed\"} 1", metrics);
        Assert.Contains("opsbot_chat_requests_total{platform=\"slack\",outcome=\"malformed\"} 2", metrics);
        Assert.Contains("opsbot_chat_requests_total{platform=\"slack\",outcome=\"too_large\"} 1", metrics);

        await TwoTeams.SendAsync(client, "PostgresDown", "db-1:9100", "critical", Start);
        await fake.WaitUntilAsync(f => f.SlackMessages.Count == 1, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task WithoutChatSettings_TheEndpointsSaySoAndAlertsGoToTheConsole()
    {
        var clock = new ManualClock(Start);
        await using var host = TwoTeams.Host(clock);
        var client = await host.StartAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await PostSlackAsync(client, "/slack/commands", "text=help", "1", "s")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/discord/interactions", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);

        await TwoTeams.SendAsync(client, "PostgresDown", "db-1:9100", "critical", Start);
        await TwoTeams.WaitForNotificationsAsync(client, n => n.GetProperty("kind").GetString() == "page", 1, "page handed to the console sink");
        Assert.Equal(0, host.Scalar("SELECT COUNT(*) FROM chat_deliveries"));
    }
}
