using System.Net;

namespace OpsBot.Tests.Silences.Alertmanager;

/// <summary>Answers every request with a fixed status and body and records what was asked, for request-shape tests.</summary>
public sealed class StubHandler(HttpStatusCode status, string body) : HttpMessageHandler
{
    public List<(HttpMethod Method, Uri Uri, string? Body)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Read now: the client disposes the request content once the call returns.
        var content = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request.Method, request.RequestUri!, content));
        return new HttpResponseMessage(status) { Content = new StringContent(body) };
    }
}
