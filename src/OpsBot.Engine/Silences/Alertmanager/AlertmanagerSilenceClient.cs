using System.Net;
using System.Text;
using System.Text.Json;
using OpsBot.Routing.Matching;

namespace OpsBot.Silences.Alertmanager;

/// <summary>
/// Creates, lists and expires silences through Alertmanager's API v2. <c>http.BaseAddress</c> is the Alertmanager URL,
/// with or without a path prefix (<c>http://am:9093/</c>, <c>https://proxy/alertmanager</c>). Every failure to get a
/// good answer is an <see cref="AlertmanagerUnavailableException"/>; only the caller's own cancellation is not.
/// </summary>
public sealed class AlertmanagerSilenceClient(HttpClient http)
{
    private const int ExcerptLength = 200;

    private readonly HttpClient _http = http ?? throw new ArgumentNullException(nameof(http));

    /// <returns>The <c>silenceID</c> Alertmanager assigned.</returns>
    public async Task<string> CreateAsync(IReadOnlyList<LabelMatcher> matchers, DateTimeOffset startsAt, DateTimeOffset endsAt,
        string createdBy, string comment, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        ArgumentNullException.ThrowIfNull(createdBy);
        ArgumentNullException.ThrowIfNull(comment);
        // Times and matchers are not checked here: Alertmanager is the judge, and its 400 says precisely what it refused.
        var answer = await SendAsync(HttpMethod.Post, "api/v2/silences", SilenceJson.Postable(matchers, startsAt, endsAt, createdBy, comment), ct);
        return Read(answer, SilenceJson.SilenceId);
    }

    /// <summary>Expires the silence; one Alertmanager no longer knows counts as done.</summary>
    public async Task ExpireAsync(string silenceId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(silenceId);
        await SendAsync(HttpMethod.Delete, "api/v2/silence/" + Uri.EscapeDataString(silenceId), null, ct, alreadyGoneIsFine: true);
    }

    /// <summary>
    /// All silences Alertmanager holds, expired ones included, in its order. A silence whose matchers OpsBot cannot
    /// represent (a regex Go accepts and .NET refuses) is left out rather than failing the whole list.
    /// </summary>
    public async Task<IReadOnlyList<AlertmanagerSilence>> ListAsync(CancellationToken ct) =>
        Read(await SendAsync(HttpMethod.Get, "api/v2/silences", null, ct), SilenceJson.Silences);

    private async Task<AlertmanagerAnswer> SendAsync(HttpMethod method, string path, string? json, CancellationToken ct, bool alreadyGoneIsFine = false)
    {
        var uri = Endpoint(path);
        using var request = new HttpRequestMessage(method, uri);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        try
        {
            using var response = await _http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode && !(alreadyGoneIsFine && IsAlreadyGone(response.StatusCode, body)))
            {
                throw new AlertmanagerUnavailableException(
                    $"Alertmanager answered {method} {uri} with {(int)response.StatusCode} {response.ReasonPhrase}: {Excerpt(body)}",
                    response.StatusCode);
            }
            return new AlertmanagerAnswer(method, uri, response.StatusCode, body);
        }
        catch (HttpRequestException e)
        {
            throw new AlertmanagerUnavailableException($"Alertmanager at {uri} could not be reached ({method}): {e.Message}", null, e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            // HttpClient reports its own Timeout as a cancellation; only the caller's token means "stop", not "failed".
            throw new AlertmanagerUnavailableException(
                $"Alertmanager at {uri} did not answer {method} within {_http.Timeout.TotalSeconds:0.###} s", null, e);
        }
    }

    private static T Read<T>(AlertmanagerAnswer answer, Func<string, T> read)
    {
        try
        {
            return read(answer.Body);
        }
        catch (JsonException e)
        {
            throw new AlertmanagerUnavailableException(
                $"Alertmanager answered {answer.Method} {answer.Uri} with {(int)answer.Status} but an unexpected body ({e.Message}): {Excerpt(answer.Body)}",
                answer.Status, e);
        }
    }

    // A relative path replaces the base's last segment unless the base ends in '/': "http://h/am" + "api/v2/silences"
    // would lose "am". GetLeftPart also drops a query or fragment someone left on the base.
    private Uri Endpoint(string path)
    {
        var baseAddress = _http.BaseAddress ?? throw new InvalidOperationException("HttpClient.BaseAddress must be the Alertmanager URL");
        var root = baseAddress.GetLeftPart(UriPartial.Path);
        return new Uri(new Uri(root.EndsWith('/') ? root : root + "/"), path);
    }

    // The API documents 404; Alertmanager 0.25 (Debian's package) answers an unknown id with 500 "silence not found".
    private static bool IsAlreadyGone(HttpStatusCode status, string body) =>
        status == HttpStatusCode.NotFound ||
        status == HttpStatusCode.InternalServerError && body.Contains("silence not found", StringComparison.OrdinalIgnoreCase);

    private static string Excerpt(string body)
    {
        var text = body.Trim();
        if (text.Length == 0) return "(empty body)";
        return text.Length <= ExcerptLength ? text : text[..ExcerptLength] + "…";
    }
}
