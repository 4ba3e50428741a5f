using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OpsBot.Tests.Integration.Routing;
using OpsBot.Tests.Support;
using static OpsBot.Tests.Integration.Chat.ChatHost;

namespace OpsBot.Tests.Integration.Chat;

/// <summary>/discord/interactions on the real host: signature contract, PING, commands, buttons, deferred answers.</summary>
public sealed class DiscordInteractionTests
{
    private static readonly DateTimeOffset Start = TwoTeams.MondayMorningBerlin;

    public static TheoryData<string> SignedCases() => new(Fixtures.JsonElement("discord-signed-requests.json").GetProperty("cases").EnumerateArray()
        .Select(c => c.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(SignedCases))]
    public async Task SignedRequestFixtures_AreAcceptedOrRefusedWith401(string name)
    {
        await using var fake = await FakeChatApi.StartAsync();
        await using var host = Host(fake, new ManualClock(Start));
        var client = await host.StartAsync();
        var @case = Fixtures.JsonElement("discord-signed-requests.json").GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/discord/interactions")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(@case.GetProperty("body").GetString()!)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Signature-Ed25519", @case.GetProperty("X-Signature-Ed25519").GetString());
        request.Headers.Add("X-Signature-Timestamp", @case.GetProperty("X-Signature-Timestamp").GetString());
        var response = await client.SendAsync(request);

        if (@case.GetProperty("expected").GetString() == "valid")
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var type = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetInt32();
            Assert.Equal(name == "ping" ? 1 : 4, type);
        }
        else Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task MissingSignatureHeaders_Get401_AndAreCounted()
    {
        await using var fake = await FakeChatApi.StartAsync();
        await using var host = Host(fake, new ManualClock(Start));
        var client = await host.StartAsync();
        var response = await client.PostAsync("/discord/interactions", new StringContent("{\"type\":1}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostDiscordAsync(client, DiscordCommand(AnnaDiscord, "help", null), tamper: true)).StatusCode);
        Assert.Contains("opsbot_chat_requests_total{platform=\"discord\",outcome=\"bad_signature\"} 2", await client.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task CommandsAndButtons_WorkLikeSlack_AndAReplayIsRefused()
    {
        await using var fake = await FakeChatApi.StartAsync();
        await using var host = Host(fake, new ManualClock(Start));
        var client = await host.StartAsync();
        await TwoTeams.SendAsync(client, "PostgresDown", "db-1:9100", "critical", Start);
        await fake.WaitUntilAsync(f => f.DiscordMessages.Count == 1, TimeSpan.FromSeconds(20));
        var card = fake.DiscordMessages.Single();
        var id = (await TwoTeams.AlertAsync(client, "PostgresDown")).GetProperty("id").GetInt64();

        var command = DiscordCommand(AnnaDiscord, "alerts", null);
        var answer = await (await PostDiscordAsync(client, command)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, answer.GetProperty("type").GetInt32());
        Assert.Contains($"#{id} [critical] PostgresDown", answer.GetProperty("data").GetProperty("content").GetString());
        Assert.Equal(64, answer.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostDiscordAsync(client, command)).StatusCode);

        var press = DiscordButton(AnnaDiscord, DiscordButtons(card)["Resolve"], card.Id);
        var pressed = await (await PostDiscordAsync(client, press)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains($"Resolved #{id}", pressed.GetProperty("data").GetProperty("content").GetString());
        await fake.WaitUntilAsync(f => f.DiscordMessages.Single(m => m.Id == card.Id).Embeds!.ToJsonString().Contains("Resolved"), TimeSpan.FromSeconds(20));
        Assert.Empty(fake.DiscordMessages.Single(m => m.Id == card.Id).Components!.AsArray());
        var audit = (await OpsBotFactory.GetJsonAsync(client, "/api/audit")).EnumerateArray().ToList();
        Assert.Contains(audit, a => a.GetProperty("platform").GetString() == "discord" && a.GetProperty("action").GetString() == "button:resolve"
                                    && a.GetProperty("person").GetString() == "anna");
    }

    [Fact]
    public async Task SlowAnswers_AreDeferred_AndFollowedUp_OnBothPlatforms()
    {
        await using var fake = await FakeChatApi.StartAsync();
        var clock = new ManualClock(Start);
        await using var host = Host(fake, clock, new() { ["Chat:AnswerWithin"] = "00:00:00" });
        var client = await host.StartAsync();

        var deferred = await (await PostDiscordAsync(client, DiscordCommand(AnnaDiscord, "oncall", "dba"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5, deferred.GetProperty("type").GetInt32());
        await fake.WaitUntilAsync(f => f.InteractionFollowUps.Count == 1, TimeSpan.FromSeconds(20));
        var followUp = fake.InteractionFollowUps.Single();
        Assert.Equal(("PATCH", DiscordApplicationId, "@original"), (followUp.Method, followUp.ApplicationId, followUp.MessageId));
        Assert.Contains("dba: Anna", (string)followUp.Body!["content"]!);

        var slack = await SlashAsync(client, clock, AnnaSlack, "oncall dba", fake);
        Assert.Equal("Working on it…", (await slack.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString());
        await fake.WaitUntilAsync(f => f.ResponseUrlPosts.Count == 1, TimeSpan.FromSeconds(20));
        Assert.Contains("dba: Anna", (string)fake.ResponseUrlPosts.Single().Body!["text"]!);
    }
}
