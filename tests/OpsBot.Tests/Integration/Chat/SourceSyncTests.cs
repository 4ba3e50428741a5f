using System.Net;
using OpsBot.Tests.Integration.Routing;
using OpsBot.Tests.Support;
using static OpsBot.Tests.Integration.Chat.ChatHost;

namespace OpsBot.Tests.Integration.Chat;

/// <summary>Acting in chat on an alert PagerDuty knows updates the incident there; a failure is said in the alert's thread.</summary>
public sealed class SourceSyncTests
{
    private static readonly DateTimeOffset Start = TwoTeams.MondayMorningBerlin;

    private static async Task<long> TriggerPagerDutyIncidentAsync(HttpClient client)
    {
        var response = await client.SendAsync(Payloads.PagerDuty(Fixtures.Bytes("pagerduty-v3-incident-triggered.json")));
        Assert.True(response.IsSuccessStatusCode, $"PagerDuty webhook answered {(int)response.StatusCode}");
        long id = 0;
        await Eventually.Async(async () =>
        {
            var alerts = await OpsBotFactory.GetJsonAsync(client, "/api/alerts?status=all");
            if (alerts.GetArrayLength() == 0) return false;
            id = alerts[0].GetProperty("id").GetInt64();
            return alerts[0].GetProperty("team").ValueKind == System.Text.Json.JsonValueKind.String;
        }, "PagerDuty incident routed");
        return id;
    }

    [Fact]
    public async Task AckInChat_AcknowledgesThePagerDutyIncident()
    {
        await using var fake = await FakeChatApi.StartAsync();
        var clock = new ManualClock(Start);
        await using var host = Host(fake, clock);
        var client = await host.StartAsync();
        var id = await TriggerPagerDutyIncidentAsync(client);

        var reply = await (await SlashAsync(client, clock, DaveSlack, $"ack {id}", fake)).Content.ReadAsStringAsync();
        Assert.Contains("PagerDuty incident PGR0VU2 acknowledged too", reply);
        var update = Assert.Single(fake.PagerDutyUpdates);
        Assert.Equal(("PGR0VU2", "acknowledged", "oncall@example.com"), (update.IncidentId, update.Status, update.From));
    }

    [Fact]
    public async Task AFailedUpdate_IsSaidInTheReplyAndTheThread()
    {
        await using var fake = await FakeChatApi.StartAsync();
        var clock = new ManualClock(Start);
        await using var host = Host(fake, clock);
        fake.PagerDutyToken = "rotated-so-opsbot-has-the-old-one";
        var client = await host.StartAsync();
        var id = await TriggerPagerDutyIncidentAsync(client);
        await fake.WaitUntilAsync(f => f.SlackMessages.Count == 1, TimeSpan.FromSeconds(20));

        var reply = await (await SlashAsync(client, clock, DaveSlack, $"resolve {id}", fake)).Content.ReadAsStringAsync();
        Assert.True(reply.Contains("could NOT be resolved"), reply);
        Assert.Contains("401", reply);
        var card = fake.SlackMessages.Single(m => m.ThreadTs is null);
        await fake.WaitUntilAsync(f => f.SlackMessages.Any(m => m.ThreadTs == card.Ts && m.Text!.Contains("could NOT be resolved")), TimeSpan.FromSeconds(20));
    }
}
