using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpsBot.Tests.Integration.Routing;
using OpsBot.Tests.Support;
using static OpsBot.Tests.Integration.Chat.ChatHost;

namespace OpsBot.Tests.Integration.Chat;

/// <summary>The real host posting to a local Slack/Discord API: one card per alert, edited in place, events in its thread.</summary>
public sealed class ChatDeliveryTests
{
    private static readonly DateTimeOffset Start = TwoTeams.MondayMorningBerlin;

    [Fact]
    public async Task APage_IsOneCardPerPlatform_EditedOnAckAndResolve_WithThreadedFollowUps()
    {
        await using var fake = await FakeChatApi.StartAsync();
        var clock = new ManualClock(Start);
        await using var host = Host(fake, clock);
        var client = await host.StartAsync();

        Assert.Equal(HttpStatusCode.OK, await TwoTeams.SendAsync(client, "PostgresDown", "db-1:9100", "critical", Start.AddMinutes(-2)));
        await fake.WaitUntilAsync(f => f.SlackMessages.Count == 1 && f.DiscordMessages.Count == 1, TimeSpan.FromSeconds(20));
        var card = fake.SlackMessages.Single();
        Assert.Equal(DbaPagesSlack, card.Channel);
        Assert.Null(card.ThreadTs);
        Assert.Contains($"<@{AnnaSlack}>", card.Text);
        Assert.Contains("PostgresDown", AllText(card));
        Assert.Equal(["Acknowledge", "Resolve", "Silence 1h", "Runbook"], SlackButtons(card).Keys);
        var discordCard = fake.DiscordMessages.Single();
        Assert.Equal(DbaPagesDiscord, discordCard.ChannelId);
        Assert.Contains($"<@{AnnaDiscord}>", discordCard.Content);
        Assert.Contains("PostgresDown", discordCard.Embeds!.ToJsonString());
        var alertId = (await TwoTeams.AlertAsync(client, "PostgresDown")).GetProperty("id").GetInt64();

        var ack = await SlashAsync(client, clock, AnnaSlack, $"ack {alertId}", fake);
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Contains($"Acknowledged #{alertId}", (await ack.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString());

        await fake.WaitUntilAsync(f => f.SlackMessages.Any(m => m.ThreadTs == card.Ts) && f.DiscordMessages.Any(m => m.ChannelId == discordCard.Id),
            TimeSpan.FromSeconds(20));
        card = fake.SlackMessages.Single(m => m.Ts == card.Ts);
        Assert.True(card.Edits >= 1);
        Assert.Contains("Acknowledged", AllText(card));
        Assert.DoesNotContain("Acknowledge\"", SlackButtons(card).Keys.Select(k => k + "\""));
        var reply = fake.SlackMessages.Single(m => m.ThreadTs == card.Ts);
        Assert.Contains("acknowledged by Anna in Slack", reply.Text);
        Assert.Contains("Acknowledged", fake.DiscordMessages.Single(m => m.Id == discordCard.Id).Embeds!.ToJsonString());

        await TwoTeams.SendAsync(client, "PostgresDown", "db-1:9100", "critical", Start.AddMinutes(-2), endsAt: Start.AddMinutes(10));
        await fake.WaitUntilAsync(f => f.SlackMessages.Count(m => m.ThreadTs == card.Ts) == 2 && f.DiscordMessages.Count(m => m.ChannelId == discordCard.Id) == 2,
            TimeSpan.FromSeconds(20));
        card = fake.SlackMessages.Single(m => m.Ts == card.Ts);
        Assert.Contains("Resolved", AllText(card));
        Assert.Contains("12m00s", AllText(card));
        Assert.Empty(SlackButtons(card));
        var resolvedDiscord = fake.DiscordMessages.Single(m => m.Id == discordCard.Id);
        Assert.Contains("Resolved", resolvedDiscord.Embeds!.ToJsonString());
        Assert.Empty(resolvedDiscord.Components!.AsArray());

        // One card per platform, whatever happened to the alert.
        Assert.Single(fake.SlackMessages, m => m.ThreadTs is null);
        Assert.Single(fake.DiscordMessages, m => m.ChannelId == DbaPagesDiscord);
    }

    [Fact]
    public async Task AnEscalation_EditsTheCard_AndIsBroadcastFromTheThreadWithTheNextPeople()
    {
        await using var fake = await FakeChatApi.StartAsync();
        var clock = new ManualClock(Start);
        await using var host = Host(fake, clock);
        var client = await host.StartAsync();
        await TwoTeams.SendAsync(client, "PostgresDown", "db-1:9100", "critical", Start);
        await fake.WaitUntilAsync(f => f.SlackMessages.Count == 1, TimeSpan.FromSeconds(20));
        var card = fake.SlackMessages.Single();

        clock.Advance(TimeSpan.FromMinutes(6)); // dba's AckTimeout is 5 minutes
        await fake.WaitUntilAsync(f => f.SlackMessages.Any(m => m.ThreadTs == card.Ts), TimeSpan.FromSeconds(20));
        var reply = fake.SlackMessages.Single(m => m.ThreadTs == card.Ts);
        Assert.True(reply.ReplyBroadcast);
        Assert.Contains("<@U0ANNA0001>", reply.Text);
        Assert.Contains("<@U0CARLA001>", reply.Text);
        Assert.Contains("escalated to level 1", AllText(fake.SlackMessages.Single(m => m.Ts == card.Ts)));
    }

    [Fact]
    public async Task A429_IsWaitedOut_AndRetriedWithoutASecondMessage()
    {
        await using var fake = await FakeChatApi.StartAsync();
        fake.FailNext(FakePlatform.Slack, 1, 429, TimeSpan.FromSeconds(1));
        fake.FailNext(FakePlatform.Discord, 1, 429, TimeSpan.FromSeconds(1));
        var clock = new ManualClock(Start);
        await using var host = Host(fake, clock);
        var client = await host.StartAsync();

        await TwoTeams.SendAsync(client, "PostgresDown", "db-1:9100", "critical", Start);
        await fake.WaitUntilAsync(f => f.SlackMessages.Count == 1 && f.DiscordMessages.Count == 1, TimeSpan.FromSeconds(20));
        Assert.Contains(fake.RequestLog, r => r.Platform == FakePlatform.Slack && r.Status == 429);
        Assert.Contains(fake.RequestLog, r => r.Platform == FakePlatform.Discord && r.Status == 429);
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("opsbot_chat_deliveries_total{platform=\"slack\",outcome=\"rate_limited\"} 1", metrics);
        // Nothing else is queued, so nothing more can appear: exactly one message each.
        await Eventually.Async(async () => host.Scalar("SELECT COUNT(*) FROM chat_deliveries WHERE State = 'Pending'") == 0, "deliveries drained");
        Assert.Single(fake.SlackMessages);
        Assert.Single(fake.DiscordMessages);
    }

    [Fact]
    public async Task SlackDown_DoesNotHoldUpDiscord_AndCatchesUpWhenBack()
    {
        await using var fake = await FakeChatApi.StartAsync();
        fake.SetDown(FakePlatform.Slack, true);
        var clock = new ManualClock(Start);
        await using var host = Host(fake, clock);
        var client = await host.StartAsync();

        await TwoTeams.SendAsync(client, "PostgresDown", "db-1:9100", "critical", Start);
        await TwoTeams.SendAsync(client, "PostgresSlow", "db-2:9100", "critical", Start);
        await fake.WaitUntilAsync(f => f.DiscordMessages.Count == 2, TimeSpan.FromSeconds(20));
        Assert.Empty(fake.SlackMessages);

        fake.SetDown(FakePlatform.Slack, false);
        await fake.WaitUntilAsync(f => f.SlackMessages.Count == 2, TimeSpan.FromSeconds(30));
        Assert.Equal(2, fake.DiscordMessages.Count);
    }

    [Fact]
    public async Task AnUnknownChannel_IsRecordedAsFailed_AndTheQueueMovesOn()
    {
        await using var fake = await FakeChatApi.StartAsync();
        fake.SlackChannels.Add("C0DBA00001"); // dba-pages (C0DBA00002) is not a channel this workspace has
        var clock = new ManualClock(Start);
        await using var host = Host(fake, clock);
        var client = await host.StartAsync();

        await TwoTeams.SendAsync(client, "PostgresDown", "db-1:9100", "critical", Start);
        await TwoTeams.SendAsync(client, "PostgresReplicationLag", "db-1:9100", "warning", Start);
        await fake.WaitUntilAsync(f => f.SlackMessages.Count == 1, TimeSpan.FromSeconds(20));
        Assert.Equal("C0DBA00001", fake.SlackMessages.Single().Channel);
        await Eventually.Async(async () => host.Scalar("SELECT COUNT(*) FROM chat_deliveries WHERE Platform = 'slack' AND State = 'Failed' AND LastError LIKE '%channel_not_found%'") == 1,
            "the failed delivery recorded");
    }
}
