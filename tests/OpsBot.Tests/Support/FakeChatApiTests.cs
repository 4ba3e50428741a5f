using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace OpsBot.Tests.Support;

/// <summary>The fake must itself speak the protocols correctly, or integration tests built on it prove nothing.</summary>
public sealed class FakeChatApiTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private FakeChatApi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeChatApi.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Slack_PostThenUpdate_AnswersLikeSlackAndKeepsTheEditHistory()
    {
        var posted = await SlackAsync("chat.postMessage",
            """{"channel":"C123","text":"disk full","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"*disk full*"}}]}""");
        Assert.True(posted["ok"]!.GetValue<bool>());
        var ts = posted["ts"]!.GetValue<string>();
        Assert.Matches(@"^\d{10}\.\d{6}$", ts);
        Assert.Equal(("C123", ts, "disk full"),
            (posted["channel"]!.GetValue<string>(), posted["message"]!["ts"]!.GetValue<string>(), posted["message"]!["text"]!.GetValue<string>()));

        var updated = await SlackAsync("chat.update", $$"""{"channel":"C123","ts":"{{ts}}","text":"disk full (acknowledged)","blocks":[]}""");
        Assert.True(updated["ok"]!.GetValue<bool>());
        Assert.Equal("disk full (acknowledged)", updated["text"]!.GetValue<string>());

        var message = Assert.Single(_fake.SlackMessages);
        Assert.Equal((1, "disk full (acknowledged)", "disk full"), (message.Edits, message.Text, message.Revisions[0].Text));
        Assert.Equal("*disk full*", message.Revisions[0].Blocks![0]!["text"]!["text"]!.GetValue<string>());
        Assert.Empty(message.Blocks!.AsArray());
    }

    [Fact]
    public async Task Slack_Refusals_AreOkFalseWithStatus200()
    {
        _fake.SlackChannels.Add("C123");

        Assert.Equal("channel_not_found", (await SlackAsync("chat.postMessage", """{"channel":"C999","text":"x"}"""))["error"]!.GetValue<string>());
        Assert.Equal("message_not_found", (await SlackAsync("chat.update", """{"channel":"C123","ts":"1.000001","text":"x"}"""))["error"]!.GetValue<string>());
        Assert.Equal("invalid_auth", (await SlackAsync("chat.postMessage", """{"channel":"C123","text":"x"}""", token: "xoxb-wrong"))["error"]!.GetValue<string>());
        Assert.Empty(_fake.SlackMessages);
        Assert.All(_fake.RequestLog, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task Slack_FormEncodedCall_IsTakenLikeJson()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _fake.SlackApiBaseUrl + "chat.postMessage")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["channel"] = "C1", ["text"] = "x", ["thread_ts"] = "1700000000.000100", ["reply_broadcast"] = "true", ["blocks"] = """[{"type":"divider"}]""",
            }),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", _fake.SlackToken) },
        };
        using var response = await _http.SendAsync(request);

        Assert.True(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["ok"]!.GetValue<bool>());
        var message = Assert.Single(_fake.SlackMessages);
        Assert.Equal(("1700000000.000100", true, "divider"), (message.ThreadTs, message.ReplyBroadcast, message.Blocks![0]!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Slack_ResponseUrlPosts_AreRecordedWithTheirPath()
    {
        using var response = await _http.PostAsync(_fake.SlackResponseUrlBase + "commands/T1/42/abc",
            new StringContent("""{"response_type":"ephemeral","text":"done"}""", Encoding.UTF8, "application/json"));

        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        var post = Assert.Single(_fake.ResponseUrlPosts);
        Assert.Equal(("commands/T1/42/abc", "done"), (post.Path, post.Body!["text"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Discord_RepeatedEnforcedNonce_ReturnsTheFirstMessageAndCreatesNothing()
    {
        const string body = """{"content":"disk full","nonce":"alert-7","enforce_nonce":true}""";
        var (firstStatus, first) = await DiscordAsync(HttpMethod.Post, "channels/555/messages", body);
        var (secondStatus, second) = await DiscordAsync(HttpMethod.Post, "channels/555/messages", body);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (firstStatus, secondStatus));
        Assert.Equal(first["id"]!.GetValue<string>(), second["id"]!.GetValue<string>());
        var message = Assert.Single(_fake.DiscordMessages);
        Assert.Equal(("555", "disk full"), (message.ChannelId, message.Content));
    }

    [Fact]
    public async Task Discord_ThreadFromAMessage_TakesItsIdAndCanBeStartedOnlyOnce()
    {
        var (_, parent) = await DiscordAsync(HttpMethod.Post, "channels/555/messages", """{"content":"disk full"}""");
        var id = parent["id"]!.GetValue<string>();

        var (created, thread) = await DiscordAsync(HttpMethod.Post, $"channels/555/messages/{id}/threads", """{"name":"disk full"}""");
        var (again, refusal) = await DiscordAsync(HttpMethod.Post, $"channels/555/messages/{id}/threads", """{"name":"disk full"}""");
        var (_, reply) = await DiscordAsync(HttpMethod.Post, $"channels/{id}/messages", """{"content":"looking"}""");

        Assert.Equal((HttpStatusCode.Created, id), (created, thread["id"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.BadRequest, 160004), (again, refusal["code"]!.GetValue<int>()));
        Assert.Equal(id, reply["channel_id"]!.GetValue<string>());
        Assert.Equal(["555", id], _fake.DiscordMessages.Select(m => m.ChannelId));
    }

    [Fact]
    public async Task Discord_EditOfAnUnknownMessage_Is10008AndAWrongToken401()
    {
        var (unknown, error) = await DiscordAsync(HttpMethod.Patch, "channels/555/messages/1", """{"content":"x"}""");
        var (unauthorized, _) = await DiscordAsync(HttpMethod.Post, "channels/555/messages", """{"content":"x"}""", token: "wrong");

        Assert.Equal((HttpStatusCode.NotFound, 10008), (unknown, error["code"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized);
    }

    [Fact]
    public async Task FailNext429_AnswersWithThePlatformsRetrySignalWithoutStoring_ThenRecovers()
    {
        _fake.FailNext(FakePlatform.Slack, 1, 429, TimeSpan.FromSeconds(2.5));
        _fake.FailNext(FakePlatform.Discord, 1, 429, TimeSpan.FromSeconds(0.25));

        using (var limited = await _http.SendAsync(SlackRequest("chat.postMessage", """{"channel":"C1","text":"x"}""")))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(3), limited.Headers.RetryAfter?.Delta);
        }
        var (discordStatus, discordBody) = await DiscordAsync(HttpMethod.Post, "channels/555/messages", """{"content":"x"}""");
        Assert.Equal(HttpStatusCode.TooManyRequests, discordStatus);
        Assert.Equal((0.25, false), (discordBody["retry_after"]!.GetValue<double>(), discordBody["global"]!.GetValue<bool>()));
        Assert.Empty(_fake.SlackMessages);
        Assert.Empty(_fake.DiscordMessages);

        Assert.True((await SlackAsync("chat.postMessage", """{"channel":"C1","text":"x"}"""))["ok"]!.GetValue<bool>());
        Assert.Equal((1, 1, 0), (_fake.Rejected(FakePlatform.Slack), _fake.Rejected(FakePlatform.Discord), _fake.Rejected(FakePlatform.PagerDuty)));
        Assert.Equal("injected", _fake.RequestLog[0].Note);
    }

    [Fact]
    public async Task SetDown_AnswersEveryRequest500UntilUp()
    {
        _fake.SetDown(FakePlatform.Slack, true);
        using (var down = await _http.SendAsync(SlackRequest("chat.postMessage", """{"channel":"C1","text":"x"}""")))
            Assert.Equal(HttpStatusCode.InternalServerError, down.StatusCode);

        _fake.SetDown(FakePlatform.Slack, false);
        Assert.True((await SlackAsync("chat.postMessage", """{"channel":"C1","text":"x"}"""))["ok"]!.GetValue<bool>());
        Assert.Single(_fake.SlackMessages);
    }

    [Fact]
    public async Task PagerDuty_RequiresTokenFromAndVersion2_ThenRecordsTheUpdate()
    {
        using (var wrongToken = await _http.SendAsync(PagerDutyRequest("P1", token: "nope")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);
            Assert.Equal(2006, JsonNode.Parse(await wrongToken.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<int>());
        }
        using (var noFrom = await _http.SendAsync(PagerDutyRequest("P1", from: null)))
            Assert.Equal(HttpStatusCode.BadRequest, noFrom.StatusCode);
        Assert.Empty(_fake.PagerDutyUpdates);

        using var ok = await _http.SendAsync(PagerDutyRequest("P1"));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("acknowledged", JsonNode.Parse(await ok.Content.ReadAsStringAsync())!["incident"]!["status"]!.GetValue<string>());
        var update = Assert.Single(_fake.PagerDutyUpdates);
        Assert.Equal(("P1", "acknowledged", "oncall@example.com"), (update.IncidentId, update.Status, update.From));
    }

    [Fact]
    public async Task Discord_CommandRegistration_EchoesTheCommandsWithIds()
    {
        var (status, echoed) = await DiscordAsync(HttpMethod.Put, "applications/42/guilds/7/commands", $"[{Fixtures.Text("discord-register-command-blep.json")}]");

        Assert.Equal(HttpStatusCode.OK, status);
        var command = Assert.Single(echoed.AsArray())!;
        Assert.Equal(("blep", "7"), (command["name"]!.GetValue<string>(), command["guild_id"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(command["id"]!.GetValue<string>()));
        var registration = Assert.Single(_fake.RegisteredCommands);
        Assert.Equal(("42", "7", 1), (registration.ApplicationId, registration.GuildId, registration.Commands.Count));
    }

    [Fact]
    public async Task WaitUntilAsync_TimesOutWithWhatTheFakeSaw()
    {
        await SlackAsync("chat.postMessage", """{"channel":"C1","text":"only this"}""");

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => _fake.WaitUntilAsync(f => f.SlackMessages.Count == 2, TimeSpan.FromMilliseconds(100)));

        Assert.Contains("POST /slack/api/chat.postMessage -> 200", timeout.Message);
        Assert.Contains("only this", timeout.Message);
        await _fake.WaitUntilAsync(f => f.SlackMessages.Count == 1, Deadline);
    }

    private HttpRequestMessage SlackRequest(string method, string json, string? token = null) =>
        new(HttpMethod.Post, _fake.SlackApiBaseUrl + method)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token ?? _fake.SlackToken) },
        };

    private async Task<JsonNode> SlackAsync(string method, string json, string? token = null)
    {
        using var response = await _http.SendAsync(SlackRequest(method, json, token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> DiscordAsync(HttpMethod method, string path, string json, string? token = null)
    {
        using var request = new HttpRequestMessage(method, _fake.DiscordApiBaseUrl + path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
            Headers = { Authorization = new AuthenticationHeaderValue("Bot", token ?? _fake.DiscordToken) },
        };
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private HttpRequestMessage PagerDutyRequest(string incident, string? token = null, string? from = "oncall@example.com")
    {
        var request = new HttpRequestMessage(HttpMethod.Put, _fake.PagerDutyApiBaseUrl + "incidents/" + incident)
        {
            Content = new StringContent(Fixtures.Text("pagerduty-rest-incident-update-request.json"), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Token token=" + (token ?? _fake.PagerDutyToken));
        request.Headers.TryAddWithoutValidation("Accept", "application/vnd.pagerduty+json;version=2");
        if (from is not null) request.Headers.TryAddWithoutValidation("From", from);
        return request;
    }
}
