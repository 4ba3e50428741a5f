using Microsoft.Extensions.Options;
using OpsBot.Routing.Matching;
using OpsBot.Silences.Alertmanager;

namespace OpsBot.Silences;

/// <summary>Alertmanager's silences when Alertmanager:Url is configured; <see cref="Enabled"/> is false otherwise.</summary>
public sealed class AlertmanagerSilences(IHttpClientFactory httpClients, IOptions<AlertmanagerOptions> options)
{
    public const string HttpClientName = "alertmanager";

    public bool Enabled => !string.IsNullOrWhiteSpace(options.Value.Url);

    public Task<string> CreateAsync(IReadOnlyList<LabelMatcher> matchers, DateTimeOffset startsAt, DateTimeOffset endsAt, string createdBy, string comment, CancellationToken ct) =>
        Client().CreateAsync(matchers, startsAt, endsAt, createdBy, comment, ct);

    public Task ExpireAsync(string id, CancellationToken ct) => Client().ExpireAsync(id, ct);

    private AlertmanagerSilenceClient Client()
    {
        var http = httpClients.CreateClient(HttpClientName);
        http.BaseAddress = new Uri(options.Value.Url!.TrimEnd('/') + "/");
        http.Timeout = options.Value.Timeout;
        return new AlertmanagerSilenceClient(http);
    }
}
