using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;

namespace OpsBot.Tests.Chat.Slack;

/// <summary>A request as the stub saw it; the body is read on arrival because the client disposes it afterwards.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string? ContentType, string Body)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
}

/// <summary>Answers each request through a function and records it, for request-shape and error-classification tests.</summary>
public sealed class SlackStubHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public RecordedRequest Single => Assert.Single(Requests);

    public static SlackStubHandler Answering(HttpStatusCode status, string body, params (string Name, string Value)[] headers) =>
        new((_, _) =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body) };
            foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
            return Task.FromResult(response);
        });

    public static SlackStubHandler Ok(string body) => Answering(HttpStatusCode.OK, body);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(),
            request.Content?.Headers.ContentType?.ToString(), body));
        return await respond(request, cancellationToken);
    }
}
