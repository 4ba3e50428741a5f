using System.Net;
using System.Text;

namespace OpsBot.Tests.Chat.Discord;

/// <summary>Answers requests from a queue and remembers what was sent, headers and body included.</summary>
public sealed class DiscordStubHandler : HttpMessageHandler
{
    public sealed record Seen(HttpMethod Method, string Path, string? Authorization, string? UserAgent, string? ContentType, string Body);

    private readonly Queue<Func<HttpResponseMessage>> _answers = new();

    public List<Seen> Requests { get; } = [];

    public DiscordStubHandler Answer(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        _answers.Enqueue(() =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            foreach (var (name, value) in headers) response.Headers.TryAddWithoutValidation(name, value);
            return response;
        });
        return this;
    }

    public DiscordStubHandler Throw(Exception e)
    {
        _answers.Enqueue(() => throw e);
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(ct);
        Requests.Add(new Seen(request.Method, request.RequestUri!.AbsolutePath, Header(request, "Authorization"), request.Headers.UserAgent.ToString(),
            request.Content?.Headers.ContentType?.MediaType, body));
        if (_answers.Count == 0) throw new InvalidOperationException($"no answer queued for {request.Method} {request.RequestUri}");
        return _answers.Dequeue()();
    }

    private static string? Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;
}
