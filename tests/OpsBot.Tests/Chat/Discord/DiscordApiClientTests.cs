using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpsBot.Chat;
using OpsBot.Chat.Discord;
using OpsBot.Commands;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Chat.Discord;

public sealed class DiscordApiClientTests
{
    private const string Created = """{"id":"900","channel_id":"500","content":""}""";
    private readonly DiscordStubHandler _stub = new();
    private readonly DiscordOptions _options = new()
    {
        BotToken = "bot-token", ApplicationId = "777", ApiBaseUrl = "https://discord.test/api/v10",
    };

    private DiscordApiClient Client() => new(new HttpClient(_stub), _options);

    private static readonly ChatMessage Hello = new() { Text = "hello" };

    [Fact]
    public async Task Post_sends_the_rendered_message_with_bot_auth_and_an_enforced_nonce()
    {
        _stub.Answer(HttpStatusCode.OK, Created);

        var posted = await Client().PostAsync("500", Hello, null, "alert-12-post-1", CancellationToken.None);

        Assert.Equal(new MessageRef("500", "900"), posted);
        var request = Assert.Single(_stub.Requests);
        Assert.Equal((HttpMethod.Post, "/api/v10/channels/500/messages"), (request.Method, request.Path));
        Assert.Equal("Bot bot-token", request.Authorization);
        Assert.Equal("DiscordBot (https://github.com/opsbot/opsbot, 1.0)", request.UserAgent);
        Assert.Equal("application/json", request.ContentType);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("alert-12-post-1", body["nonce"]!.GetValue<string>());
        Assert.True(body["enforce_nonce"]!.GetValue<bool>());
        Assert.Equal("hello", body["content"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, Created)]
    [InlineData(HttpStatusCode.BadRequest, """{"code":160004,"message":"A thread has already been created for this message"}""")]
    public async Task Replies_start_a_thread_on_the_alert_message_then_post_into_it(HttpStatusCode threadStatus, string threadAnswer)
    {
        _stub.Answer(threadStatus, threadAnswer).Answer(HttpStatusCode.OK, """{"id":"901","channel_id":"900"}""");

        var reply = await Client().PostAsync("500", Hello, new MessageRef("500", "900"), "k", CancellationToken.None);

        Assert.Equal(new MessageRef("900", "901"), reply);
        Assert.Equal(["/api/v10/channels/500/messages/900/threads", "/api/v10/channels/900/messages"], _stub.Requests.Select(r => r.Path));
        var thread = JsonNode.Parse(_stub.Requests[0].Body)!;
        Assert.Equal("Alert thread", thread["name"]!.GetValue<string>());
        Assert.Equal(1440, thread["auto_archive_duration"]!.GetValue<int>());
        Assert.All(_stub.Requests, r => Assert.Equal("Bot bot-token", r.Authorization));
    }

    [Fact]
    public async Task A_thread_refusal_other_than_already_created_fails_the_reply()
    {
        _stub.Answer(HttpStatusCode.BadRequest, """{"code":50035,"message":"Invalid Form Body","errors":{"name":{}}}""");

        var e = await Assert.ThrowsAsync<ChatDeliveryException>(() =>
            Client().PostAsync("500", Hello, new MessageRef("500", "900"), "k", CancellationToken.None));

        Assert.Equal(ChatFailure.Permanent, e.Failure);
        Assert.Contains("50035 Invalid Form Body", e.Message);
        Assert.Single(_stub.Requests);
    }

    [Fact]
    public async Task Edit_patches_the_message_and_clears_components_when_there_are_none()
    {
        _stub.Answer(HttpStatusCode.OK, Created);

        await Client().EditAsync(new MessageRef("500", "900"), Hello, CancellationToken.None);

        var request = Assert.Single(_stub.Requests);
        Assert.Equal((HttpMethod.Patch, "/api/v10/channels/500/messages/900"), (request.Method, request.Path));
        Assert.Empty(JsonNode.Parse(request.Body)!["components"]!.AsArray());
        Assert.Null(JsonNode.Parse(request.Body)!["nonce"]);
    }

    [Fact]
    public async Task Rate_limit_header_with_decimals_is_the_wait()
    {
        _stub.Answer(HttpStatusCode.TooManyRequests, "{}", ("Retry-After", "2.5"));

        var e = await Assert.ThrowsAsync<ChatDeliveryException>(() => Client().PostAsync("500", Hello, null, "k", CancellationToken.None));

        Assert.Equal(ChatFailure.RateLimited, e.Failure);
        Assert.Equal(TimeSpan.FromSeconds(2.5), e.RetryAfter);
    }

    [Fact]
    public async Task Rate_limit_body_retry_after_is_the_wait_without_a_header()
    {
        var fixture = Fixtures.JsonElement("discord-rate-limit-429-user.json");
        _stub.Answer(HttpStatusCode.TooManyRequests, fixture.GetProperty("body").GetRawText());

        var e = await Assert.ThrowsAsync<ChatDeliveryException>(() => Client().EditAsync(new MessageRef("1", "2"), Hello, CancellationToken.None));

        Assert.Equal(ChatFailure.RateLimited, e.Failure);
        Assert.Equal(TimeSpan.FromSeconds(64.57), e.RetryAfter);
    }

    [Fact]
    public async Task Rate_limit_with_header_and_body_waits_for_the_longer()
    {
        // The fixture's header is the body's 64.57 s rounded up to 65; retrying after 64.57 s could still be early.
        var fixture = Fixtures.JsonElement("discord-rate-limit-429-user.json");
        var headers = fixture.GetProperty("_http").EnumerateArray().Skip(1).Select(h => h.GetString()!.Split(": ", 2))
            .Where(h => h[0] != "Content-Type").Select(h => (h[0], h[1])).ToArray();
        _stub.Answer(HttpStatusCode.TooManyRequests, fixture.GetProperty("body").GetRawText(), headers);

        var e = await Assert.ThrowsAsync<ChatDeliveryException>(() => Client().PostAsync("500", Hello, null, "k", CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(65), e.RetryAfter);
    }

    [Fact]
    public async Task Rate_limit_without_any_hint_waits_a_second()
    {
        _stub.Answer(HttpStatusCode.TooManyRequests, "<html>slow down</html>");

        var e = await Assert.ThrowsAsync<ChatDeliveryException>(() => Client().PostAsync("500", Hello, null, "k", CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(1), e.RetryAfter);
    }

    [Fact]
    public async Task Server_errors_connection_failures_and_timeouts_are_transient()
    {
        _stub.Answer(HttpStatusCode.InternalServerError, "oops")
            .Throw(new HttpRequestException("connection refused"))
            .Throw(new TaskCanceledException("timeout"));

        foreach (var _ in Enumerable.Range(0, 3))
        {
            var e = await Assert.ThrowsAsync<ChatDeliveryException>(() => Client().PostAsync("500", Hello, null, "k", CancellationToken.None));
            Assert.Equal(ChatFailure.Transient, e.Failure);
        }
    }

    [Fact]
    public async Task Other_client_errors_are_permanent_and_name_discords_code()
    {
        _stub.Answer(HttpStatusCode.Forbidden, """{"code":50001,"message":"Missing Access"}""");

        var e = await Assert.ThrowsAsync<ChatDeliveryException>(() => Client().PostAsync("500", Hello, null, "k", CancellationToken.None));

        Assert.Equal(ChatFailure.Permanent, e.Failure);
        Assert.Equal("Discord POST channels/500/messages: 50001 Missing Access", e.Message);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_a_delivery_failure()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        _stub.Throw(new TaskCanceledException());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client().PostAsync("500", Hello, null, "k", cancelled.Token));
    }

    [Fact]
    public async Task Original_response_edit_uses_the_interaction_token_without_bot_auth_and_pings_nobody()
    {
        _stub.Answer(HttpStatusCode.OK, Created).Answer(HttpStatusCode.NotFound, """{"code":10015,"message":"Unknown Webhook"}""");

        await Client().EditOriginalResponseAsync("tok-en", "@everyone " + new string('x', 3000), ephemeral: true, CancellationToken.None);
        var e = await Assert.ThrowsAsync<ChatDeliveryException>(() => Client().EditOriginalResponseAsync("secret-token", "x", false, CancellationToken.None));

        var request = _stub.Requests[0];
        Assert.Equal((HttpMethod.Patch, "/api/v10/webhooks/777/tok-en/messages/@original"), (request.Method, request.Path));
        Assert.Null(request.Authorization);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal(2000, body["content"]!.GetValue<string>().Length);
        Assert.Empty(body["allowed_mentions"]!["parse"]!.AsArray());
        Assert.DoesNotContain("secret-token", e.Message);
        Assert.Equal(ChatFailure.Permanent, e.Failure);
    }

    [Theory]
    [InlineData(null, "/api/v10/applications/777/commands")]
    [InlineData("4242", "/api/v10/applications/777/guilds/4242/commands")]
    public async Task Registration_overwrites_the_command_list_globally_or_in_the_guild(string? guild, string path)
    {
        _options.GuildId = guild;
        _stub.Answer(HttpStatusCode.OK, """[{"id":"1","name":"ops"}]""");

        var count = await Client().RegisterCommandsAsync(CancellationToken.None);

        Assert.Equal(1, count);
        var request = Assert.Single(_stub.Requests);
        Assert.Equal((HttpMethod.Put, path), (request.Method, request.Path));
        Assert.Equal("Bot bot-token", request.Authorization);
        Assert.Equal(DiscordCommands.Definitions().ToJsonString(), JsonNode.Parse(request.Body)!.ToJsonString());
    }

    [Fact]
    public void Command_definitions_are_valid_for_discord_and_cover_every_verb()
    {
        var name = new Regex(@"^[-_\p{L}\p{N}]{1,32}$");
        var ops = Assert.Single(DiscordCommands.Definitions())!;
        Assert.Equal(("ops", 1), (ops["name"]!.GetValue<string>(), ops["type"]!.GetValue<int>()));
        var subs = ops["options"]!.AsArray();
        Assert.InRange(subs.Count, 1, 25);
        Assert.Equal(CommandCatalog.Verbs.Select(v => v.Name), subs.Select(s => s!["name"]!.GetValue<string>()));

        foreach (var node in new[] { ops }.Concat(subs).Concat(subs.SelectMany(s => s!["options"]?.AsArray() ?? [])))
        {
            var n = node!["name"]!.GetValue<string>();
            Assert.Matches(name, n);
            Assert.Equal(n.ToLowerInvariant(), n);
            Assert.InRange(node["description"]!.GetValue<string>().Length, 1, 100);
        }

        var ack = subs.Single(s => s!["name"]!.GetValue<string>() == "ack")!["options"]!.AsArray().Single()!;
        Assert.Equal((3, "args", "<alert id>", true), (ack["type"]!.GetValue<int>(), ack["name"]!.GetValue<string>(),
            ack["description"]!.GetValue<string>(), ack["required"]!.GetValue<bool>()));
        var alerts = subs.Single(s => s!["name"]!.GetValue<string>() == "alerts")!["options"]!.AsArray().Single()!;
        Assert.False(alerts["required"]!.GetValue<bool>());
        Assert.Null(subs.Single(s => s!["name"]!.GetValue<string>() == "help")!["options"]);
        Assert.All(subs, s => Assert.Equal(1, s!["type"]!.GetValue<int>()));
    }
}
