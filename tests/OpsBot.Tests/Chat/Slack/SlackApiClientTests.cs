using System.Net;
using System.Text.Json.Nodes;
using OpsBot.Chat;
using OpsBot.Chat.Slack;
using OpsBot.Tests.Integration;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Chat.Slack;

public sealed class SlackApiClientTests
{
    private static readonly ChatMessage CardMessage = new() { Text = "db-1 is down", Card = SlackRendererTests.Card() };
    private static readonly ChatMessage Reply = new() { Text = "Acknowledged by Anna", Broadcast = true };

    internal static SlackApiClient Client(HttpMessageHandler handler, TimeProvider? clock = null, string baseAddress = "https://slack.test/api/",
        string? token = "xoxb-test", TimeSpan? timeout = null)
    {
        var http = new HttpClient(handler) { BaseAddress = new Uri(baseAddress), Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        var options = new SlackOptions { BotToken = token, ApiBaseUrl = baseAddress, ResponseUrlBase = "https://hooks.slack.com/" };
        return new SlackApiClient(http, options, clock ?? new SteppingClock(DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public async Task Post_WithACard_SendsTheMethodTokenAndRenderedArguments()
    {
        var stub = SlackStubHandler.Ok(Fixtures.Text("slack-chat-postMessage-response.json"));

        var posted = await Client(stub).PostAsync("C123ABC456", CardMessage, null, "k-12-1", CancellationToken.None);

        Assert.Equal(new MessageRef("C123ABC456", "1503435956.000247"), posted);
        var request = stub.Single;
        Assert.Equal((HttpMethod.Post, "https://slack.test/api/chat.postMessage"), (request.Method, request.Uri.ToString()));
        Assert.Equal("Bearer xoxb-test", request.Authorization);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        var json = request.Json;
        Assert.Equal("C123ABC456", (string?)json["channel"]);
        Assert.Equal("db-1 is down", (string?)json["text"]);
        Assert.False((bool)json["unfurl_links"]!);
        Assert.Equal(JsonNode.Parse("""{"event_type":"opsbot_message","event_payload":{"key":"k-12-1"}}""")!.ToJsonString(), json["metadata"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(SlackRenderer.Render(CardMessage)["blocks"], json["blocks"]));
        Assert.False(json.ContainsKey("thread_ts"));
        Assert.False(json.ContainsKey("reply_broadcast"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_InAThread_SetsThreadTs_AndBroadcastOnlyWhenAsked(bool broadcast)
    {
        var stub = SlackStubHandler.Ok(Fixtures.Text("slack-chat-postMessage-response.json"));
        var parent = new MessageRef("C123ABC456", "1503435000.000100");

        await Client(stub).PostAsync("C123ABC456", Reply with { Broadcast = broadcast }, parent, "k", CancellationToken.None);

        var json = stub.Single.Json;
        Assert.Equal("1503435000.000100", (string?)json["thread_ts"]);
        Assert.Equal(broadcast, json.ContainsKey("reply_broadcast"));
        if (broadcast) Assert.True((bool)json["reply_broadcast"]!);
        Assert.False(json.ContainsKey("blocks"));
    }

    [Theory]
    [InlineData("https://slack.test/api")]
    [InlineData("https://slack.test/api/")]
    public async Task BaseAddress_WithOrWithoutTrailingSlash_KeepsItsPath(string baseAddress)
    {
        var stub = SlackStubHandler.Ok(Fixtures.Text("slack-chat-update-response.json"));

        await Client(stub, baseAddress: baseAddress).EditAsync(new MessageRef("C1", "1.2"), Reply, CancellationToken.None);

        Assert.Equal("https://slack.test/api/chat.update", stub.Single.Uri.ToString());
    }

    [Fact]
    public async Task Edit_WithoutACard_ClearsTheBlocks()
    {
        var stub = SlackStubHandler.Ok(Fixtures.Text("slack-chat-update-response.json"));

        await Client(stub).EditAsync(new MessageRef("C123ABC456", "1401383885.000061"), Reply, CancellationToken.None);

        var json = stub.Single.Json;
        Assert.Equal(("C123ABC456", "1401383885.000061", "Acknowledged by Anna"), ((string?)json["channel"], (string?)json["ts"], (string?)json["text"]));
        Assert.Empty(json["blocks"]!.AsArray());
        Assert.Equal("Bearer xoxb-test", stub.Single.Authorization);
    }

    [Fact]
    public async Task Edit_WithACard_SendsItsBlocks()
    {
        var stub = SlackStubHandler.Ok(Fixtures.Text("slack-chat-update-response.json"));

        await Client(stub).EditAsync(new MessageRef("C1", "1.2"), CardMessage, CancellationToken.None);

        Assert.True(JsonNode.DeepEquals(SlackRenderer.Render(CardMessage)["blocks"], stub.Single.Json["blocks"]));
    }

    [Theory]
    [InlineData("7", 7)]
    [InlineData(null, 1)]
    [InlineData("soon", 1)]
    public async Task Http429_IsRateLimited_WithRetryAfter(string? retryAfter, int seconds)
    {
        var headers = retryAfter is null ? [] : new[] { ("Retry-After", retryAfter) };
        var stub = SlackStubHandler.Answering(HttpStatusCode.TooManyRequests, "", headers);

        var e = await Assert.ThrowsAsync<ChatDeliveryException>(() => Client(stub).PostAsync("C1", Reply, null, "k", CancellationToken.None));

        Assert.Equal((ChatFailure.RateLimited, TimeSpan.FromSeconds(seconds)), (e.Failure, e.RetryAfter));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, ChatFailure.Transient)]
    [InlineData(HttpStatusCode.BadGateway, ChatFailure.Transient)]
    [InlineData(HttpStatusCode.ServiceUnavailable, ChatFailure.Transient)]
    [InlineData(HttpStatusCode.NotFound, ChatFailure.Permanent)]
    [InlineData(HttpStatusCode.BadRequest, ChatFailure.Permanent)]
    [InlineData(HttpStatusCode.Unauthorized, ChatFailure.Permanent)]
    public async Task HttpErrors_AreClassified(HttpStatusCode status, ChatFailure expected)
    {
        var stub = SlackStubHandler.Answering(status, "<html>upstream trouble</html>");

        var e = await Assert.ThrowsAsync<ChatDeliveryException>(() => Client(stub).EditAsync(new MessageRef("C1", "1.2"), Reply, CancellationToken.None));

        Assert.Equal(expected, e.Failure);
        Assert.Contains($"Slack chat.update answered {(int)status}", e.Message);
        Assert.Contains("upstream trouble", e.Message);
    }

    [Theory]
    [InlineData("channel_not_found", ChatFailure.Permanent)]
    [InlineData("invalid_auth", ChatFailure.Permanent)]
    [InlineData("not_in_channel", ChatFailure.Permanent)]
    [InlineData("msg_too_long", ChatFailure.Permanent)]
    [InlineData("internal_error", ChatFailure.Transient)]
    [InlineData("fatal_error", ChatFailure.Transient)]
    [InlineData("service_unavailable", ChatFailure.Transient)]
    [InlineData("request_timeout", ChatFailure.Transient)]
    public async Task OkFalse_IsClassifiedByItsError(string error, ChatFailure expected)
    {
        var stub = SlackStubHandler.Ok($$"""{"ok":false,"error":"{{error}}"}""");

        var e = await Assert.ThrowsAsync<ChatDeliveryException>(() => Client(stub).PostAsync("C1", Reply, null, "k", CancellationToken.None));

        Assert.Equal((expected, $"Slack chat.postMessage: {error}"), (e.Failure, e.Message));
    }

    [Theory]
    [InlineData("ratelimited", "3", 3)]
    [InlineData("rate_limited", null, 1)]
    public async Task OkFalse_RateLimited_UsesRetryAfter(string error, string? retryAfter, int seconds)
    {
        var headers = retryAfter is null ? [] : new[] { ("Retry-After", retryAfter) };
        var stub = SlackStubHandler.Answering(HttpStatusCode.OK, $$"""{"ok":false,"error":"{{error}}"}""", headers);

        var e = await Assert.ThrowsAsync<ChatDeliveryException>(() => Client(stub).PostAsync("C1", Reply, null, "k", CancellationToken.None));

        Assert.Equal((ChatFailure.RateLimited, TimeSpan.FromSeconds(seconds)), (e.Failure, e.RetryAfter));
    }

    [Theory]
    [InlineData("slack-chat-postMessage-error.json", "Slack chat.postMessage: too_many_attachments")]
    [InlineData("slack-chat-update-error.json", "Slack chat.update: cant_update_message")]
    public async Task DocumentedErrorAnswers_ArePermanent(string fixture, string message)
    {
        var stub = SlackStubHandler.Ok(Fixtures.Text(fixture));
        var client = Client(stub);

        var e = await Assert.ThrowsAsync<ChatDeliveryException>(() => message.Contains("update")
            ? client.EditAsync(new MessageRef("C1", "1.2"), Reply, CancellationToken.None)
            : client.PostAsync("C1", Reply, null, "k", CancellationToken.None));

        Assert.Equal((ChatFailure.Permanent, message), (e.Failure, e.Message));
    }

    [Fact]
    public async Task OkFalse_WithResponseMetadata_SaysWhichBlock()
    {
        var stub = SlackStubHandler.Ok("""{"ok":false,"error":"invalid_blocks","response_metadata":{"messages":["[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text]"]}}""");

        var e = await Assert.ThrowsAsync<ChatDeliveryException>(() => Client(stub).PostAsync("C1", Reply, null, "k", CancellationToken.None));

        Assert.Equal(ChatFailure.Permanent, e.Failure);
        Assert.Contains("/blocks/0/text", e.Message);
    }

    [Theory]
    [InlineData("<html>gateway</html>")]
    [InlineData("{}")]
    [InlineData("{\"ok\":\"yes\"}")]
    [InlineData("{\"ok\":true}")]
    [InlineData("")]
    public async Task UnexpectedSuccessBody_IsTransient(string body)
    {
        var e = await Assert.ThrowsAsync<ChatDeliveryException>(() => Client(SlackStubHandler.Ok(body)).PostAsync("C1", Reply, null, "k", CancellationToken.None));

        Assert.Equal(ChatFailure.Transient, e.Failure);
    }

    [Fact]
    public async Task ConnectionFailure_IsTransient()
    {
        var stub = new SlackStubHandler((_, _) => throw new HttpRequestException("Connection refused (slack.test:443)"));

        var e = await Assert.ThrowsAsync<ChatDeliveryException>(() => Client(stub).PostAsync("C1", Reply, null, "k", CancellationToken.None));

        Assert.Equal(ChatFailure.Transient, e.Failure);
        Assert.Contains("Connection refused", e.Message);
    }

    [Fact]
    public async Task HttpClientTimeout_IsTransient()
    {
        var stub = new SlackStubHandler(async (_, token) => { await Task.Delay(Timeout.Infinite, token); throw new InvalidOperationException("unreachable"); });

        var e = await Assert.ThrowsAsync<ChatDeliveryException>(
            () => Client(stub, timeout: TimeSpan.FromMilliseconds(100)).PostAsync("C1", Reply, null, "k", CancellationToken.None));

        Assert.Equal(ChatFailure.Transient, e.Failure);
    }

    [Fact]
    public async Task CallerCancellation_Propagates()
    {
        var stub = new SlackStubHandler(async (_, token) => { await Task.Delay(Timeout.Infinite, token); throw new InvalidOperationException("unreachable"); });
        using var cts = new CancellationTokenSource();

        var post = Client(stub).PostAsync("C1", Reply, null, "k", cts.Token);
        await Eventually.True(() => !stub.Requests.IsEmpty, "request sent", TimeSpan.FromSeconds(5));
        await cts.CancelAsync();

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => post);
        Assert.Equal(cts.Token, e.CancellationToken);
    }

    [Fact]
    public async Task WithoutBotToken_NothingIsSent()
    {
        var stub = SlackStubHandler.Ok(Fixtures.Text("slack-chat-postMessage-response.json"));

        var e = await Assert.ThrowsAsync<ChatDeliveryException>(() => Client(stub, token: null).PostAsync("C1", Reply, null, "k", CancellationToken.None));

        Assert.Equal(ChatFailure.Permanent, e.Failure);
        Assert.Empty(stub.Requests);
    }
}
