using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace OpsBot.SourceSync;

/// <summary>
/// Sets the status of a PagerDuty incident through the REST API (<c>PUT /incidents/{id}</c>), so that acknowledging or
/// resolving in chat also stops PagerDuty's own escalation. Every failure to get a 2xx is a
/// <see cref="PagerDutySyncException"/>; only the caller's own cancellation is not.
/// </summary>
public sealed class PagerDutyIncidents(HttpClient http, PagerDutyRestOptions options)
{
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";

    // PagerDuty routes on this media type; without it a request may be served by a different API version.
    private const string AcceptVersion2 = "application/vnd.pagerduty+json;version=2";
    private const int ExcerptLength = 200;

    private readonly HttpClient _http = http ?? throw new ArgumentNullException(nameof(http));
    private readonly PagerDutyRestOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <param name="status"><see cref="Acknowledged"/> or <see cref="Resolved"/>.</param>
    public async Task UpdateStatusAsync(string incidentId, string status, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(incidentId);
        if (status is not (Acknowledged or Resolved))
            throw new ArgumentOutOfRangeException(nameof(status), status, $"expected '{Acknowledged}' or '{Resolved}'");
        if (!_options.Enabled)
            throw new InvalidOperationException(
                $"PagerDuty REST is not configured: set {PagerDutyRestOptions.Section}:ApiToken and {PagerDutyRestOptions.Section}:FromEmail");

        var uri = Endpoint("incidents/" + Uri.EscapeDataString(incidentId));
        using var request = new HttpRequestMessage(HttpMethod.Put, uri);
        // Added without validation so the values go out byte for byte: .NET would re-format the media type parameter
        // and insists the From header be an RFC 5322 mailbox, which is stricter than PagerDuty.
        request.Headers.TryAddWithoutValidation("Authorization", "Token token=" + _options.ApiToken);
        request.Headers.TryAddWithoutValidation("Accept", AcceptVersion2);
        request.Headers.TryAddWithoutValidation("From", _options.FromEmail);
        request.Content = new StringContent(Body(status), Encoding.UTF8, "application/json");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_options.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, deadline.Token);
            if (response.IsSuccessStatusCode) return;
            var body = await response.Content.ReadAsStringAsync(deadline.Token);
            throw Refused(response, body);
        }
        catch (HttpRequestException e)
        {
            throw new PagerDutySyncException($"PagerDuty at {uri.GetLeftPart(UriPartial.Authority)} could not be reached: {e.Message}",
                statusCode: null, transient: true, e);
        }
        // Both our deadline and HttpClient.Timeout surface as cancellations; only the caller's token means "stop".
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new PagerDutySyncException($"PagerDuty did not answer within {_options.Timeout.TotalSeconds:0.###} s",
                statusCode: null, transient: true, e);
        }
    }

    private static string Body(string status) =>
        new JsonObject
        {
            ["incident"] = new JsonObject { ["type"] = "incident_reference", ["status"] = status },
        }.ToJsonString();

    // The message is PagerDuty's verdict alone: callers already say which incident and status they were setting.
    private static PagerDutySyncException Refused(HttpResponseMessage response, string body)
    {
        var code = (int)response.StatusCode;
        var reason = response.ReasonPhrase is { Length: > 0 } phrase ? phrase : ReasonPhrases.GetReasonPhrase(code);
        var (detail, errorCode) = ErrorDetail(body);
        var transient = response.StatusCode == HttpStatusCode.TooManyRequests || code >= 500;
        return new PagerDutySyncException($"PagerDuty answered {code} {reason}: {detail}", response.StatusCode, transient)
        {
            ErrorCode = errorCode,
            RetryAfter = transient ? RetryAfter(response) : null,
        };
    }

    // PagerDuty's error shape is {"error":{"message","code","errors":[…]}}; the list says which input was wrong, so it
    // belongs in the message. Anything else (a proxy's HTML page) is quoted as an excerpt.
    private static (string Detail, int? Code) ErrorDetail(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object &&
                json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object &&
                error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
            {
                int? code = error.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : null;
                var details = error.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array
                    ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
                    : new List<string>();
                var text = details.Count == 0 ? message.GetString()! : $"{message.GetString()} ({string.Join("; ", details)})";
                return (text, code);
            }
        }
        catch (JsonException)
        {
        }
        return (Excerpt(body), null);
    }

    // PagerDuty announces the wait in ratelimit-reset (seconds); Retry-After is honoured too for proxies that add it.
    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter?.Delta is { } delta) return delta;
        if (response.Headers.TryGetValues("ratelimit-reset", out var values) &&
            double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            return TimeSpan.FromSeconds(seconds);
        return null;
    }

    // A relative path replaces the base's last segment unless the base ends in '/'.
    private Uri Endpoint(string path)
    {
        var root = _options.ApiBaseUrl;
        return new Uri(new Uri(root.EndsWith('/') ? root : root + "/"), path);
    }

    private static string Excerpt(string body)
    {
        var text = body.Trim();
        if (text.Length == 0) return "(empty body)";
        return text.Length <= ExcerptLength ? text : text[..ExcerptLength] + "…";
    }
}

/// <summary>PagerDuty did not take a status change. <see cref="Transient"/> says whether trying again later may work.</summary>
public sealed class PagerDutySyncException(string message, HttpStatusCode? statusCode, bool transient, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>PagerDuty's HTTP status; null when no answer arrived (unreachable, timed out).</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>True for 429, 5xx, timeouts and connection failures; false for refusals a retry cannot fix (401, 403, 404, 400).</summary>
    public bool Transient { get; } = transient;

    /// <summary>PagerDuty's own error code (e.g. 2006 authentication failed, 2020 rate limited), when it sent one.</summary>
    public int? ErrorCode { get; init; }

    /// <summary>How long PagerDuty asked to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
