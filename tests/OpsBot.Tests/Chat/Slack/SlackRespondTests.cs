using System.Net;
using OpsBot.Chat;

namespace OpsBot.Tests.Chat.Slack;

public sealed class SlackRespondTests
{
    private const string ResponseUrl = "https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN";

    [Theory]
    [InlineData(true, "ephemeral")]
    [InlineData(false, "in_channel")]
    public async Task Respond_PostsToTheResponseUrl_WithoutTheBotToken(bool ephemeral, string responseType)
    {
        var stub = SlackStubHandler.Ok("ok");

        await SlackApiClientTests.Client(stub).RespondAsync(ResponseUrl, "Silenced for 1h <by Anna>", ephemeral, CancellationToken.None);

        var request = stub.Single;
        Assert.Equal((HttpMethod.Post, ResponseUrl), (request.Method, request.Uri.ToString()));
        Assert.Null(request.Authorization);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        var json = request.Json;
        Assert.Equal(responseType, (string?)json["response_type"]);
        Assert.False((bool)json["replace_original"]!);
        Assert.Equal("Silenced for 1h <by Anna>", (string?)json["text"]);
    }

    [Fact]
    public async Task Respond_AcceptsAnySuccessStatus() =>
        await SlackApiClientTests.Client(SlackStubHandler.Answering(HttpStatusCode.NoContent, ""))
            .RespondAsync(ResponseUrl, "done", true, CancellationToken.None);

    [Theory]
    [InlineData("https://evil.example/commands/1")]
    [InlineData("https://hooks.slack.com.evil.example/commands/1")]
    [InlineData("https://hooks.slack.com@evil.example/commands/1")]
    [InlineData("https://user@hooks.slack.com/commands/1")]
    [InlineData("http://hooks.slack.com/commands/1")]
    [InlineData("https://hooks.slack.com:8443/commands/1")]
    [InlineData("ftp://hooks.slack.com/commands/1")]
    [InlineData("/commands/1")]
    [InlineData("hooks.slack.com/commands/1")]
    [InlineData("")]
    public async Task Respond_RefusesUrlsOutsideTheConfiguredBase(string url)
    {
        var stub = SlackStubHandler.Ok("ok");

        await Assert.ThrowsAsync<ArgumentException>(() => SlackApiClientTests.Client(stub).RespondAsync(url, "x", true, CancellationToken.None));

        Assert.Empty(stub.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, ChatFailure.Permanent)]
    [InlineData(HttpStatusCode.InternalServerError, ChatFailure.Transient)]
    [InlineData(HttpStatusCode.TooManyRequests, ChatFailure.RateLimited)]
    public async Task Respond_FailuresAreClassified(HttpStatusCode status, ChatFailure expected)
    {
        var stub = SlackStubHandler.Answering(status, "expired_url");

        var e = await Assert.ThrowsAsync<ChatDeliveryException>(
            () => SlackApiClientTests.Client(stub).RespondAsync(ResponseUrl, "x", true, CancellationToken.None));

        Assert.Equal(expected, e.Failure);
        Assert.DoesNotContain("96rGlfmibIGlgcZRskXaIFfN", e.Message);
    }
}
