using System.Globalization;
using System.Net;
using System.Text.Json;

namespace OpsBot.Diagnostics;

/// <summary>One series of an instant query: its labels (with __name__ when the query kept it) and its value.</summary>
public sealed record PromSample(IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// Instant queries against Prometheus's HTTP API. <c>http.BaseAddress</c> is the Prometheus URL, with or without a path
/// prefix. Every failure to get an answer is a <see cref="PrometheusUnavailableException"/>; only the caller's own
/// cancellation is not.
/// </summary>
public sealed class PrometheusClient(HttpClient http)
{
    private const int ExcerptLength = 200;

    private readonly HttpClient _http = http ?? throw new ArgumentNullException(nameof(http));

    /// <summary>Evaluates <paramref name="promql"/> now. A scalar result is one sample without labels.</summary>
    public async Task<IReadOnlyList<PromSample>> QueryAsync(string promql, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(promql);
        var uri = Endpoint("api/v1/query?query=" + Uri.EscapeDataString(promql));
        HttpStatusCode status;
        string body;
        try
        {
            using var response = await _http.GetAsync(uri, ct);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(ct);
        }
        catch (HttpRequestException e)
        {
            throw new PrometheusUnavailableException($"Prometheus at {Root()} could not be reached: {e.Message}", null, null, e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            // HttpClient reports its own Timeout as a cancellation; only the caller's token means "stop", not "failed".
            throw new PrometheusUnavailableException(
                $"Prometheus at {Root()} did not answer within {_http.Timeout.TotalSeconds:0.###} s (query {Excerpt(promql)})", null, null, e);
        }
        return Read(promql, status, body);
    }

    private static List<PromSample> Read(string promql, HttpStatusCode status, string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new PrometheusUnavailableException(
                $"Prometheus answered {(int)status} {status} with a body that is not JSON: {Excerpt(body)}", status, null, e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && Text(root, "status") == "error")
            {
                var errorType = Text(root, "errorType");
                throw new PrometheusUnavailableException(
                    $"Prometheus refused the query {Excerpt(promql)}: {errorType ?? "error"}: {Text(root, "error") ?? "(no message)"}", status, errorType);
            }
            if ((int)status is < 200 or > 299 || root.ValueKind != JsonValueKind.Object || Text(root, "status") != "success")
                throw new PrometheusUnavailableException($"Prometheus answered {(int)status} {status}: {Excerpt(body)}", status);
            try
            {
                return Samples(root.GetProperty("data"));
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException)
            {
                throw new PrometheusUnavailableException($"Prometheus answered with an unexpected body ({e.Message}): {Excerpt(body)}", status, null, e);
            }
        }
    }

    private static List<PromSample> Samples(JsonElement data)
    {
        var result = data.GetProperty("result");
        switch (Text(data, "resultType"))
        {
            case "vector":
                return result.EnumerateArray().Select(series => new PromSample(Labels(series.GetProperty("metric")), Value(series.GetProperty("value")))).ToList();
            case "scalar":
                return [new PromSample(new Dictionary<string, string>(), Value(result))];
            case var other:
                // A range selector (metric[5m]) on its own, or a string: not something to show as "the value now".
                throw new PrometheusUnavailableException(
                    $"Prometheus answered with a {other ?? "missing"} result; only instant vectors and scalars are understood (use rate(), last_over_time() …)");
        }
    }

    private static Dictionary<string, string> Labels(JsonElement metric) =>
        metric.EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString() ?? "", StringComparer.Ordinal);

    // [ <unix time>, "<value>" ]: the value is a string because JSON has no NaN or infinities.
    private static double Value(JsonElement pair) => pair[1].GetString() switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        var text => double.Parse(text ?? throw new FormatException("a sample without a value"), NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private string Root() => _http.BaseAddress?.GetLeftPart(UriPartial.Path) ?? "(no BaseAddress)";

    // A relative path replaces the base's last segment unless the base ends in '/': "http://h/prom" + "api/v1/query"
    // would lose "prom".
    private Uri Endpoint(string pathAndQuery)
    {
        if (_http.BaseAddress is null) throw new InvalidOperationException("HttpClient.BaseAddress must be the Prometheus URL");
        var root = Root();
        return new Uri(new Uri(root.EndsWith('/') ? root : root + "/"), pathAndQuery);
    }

    private static string Excerpt(string text)
    {
        text = text.Trim();
        if (text.Length == 0) return "(empty)";
        return text.Length <= ExcerptLength ? text : text[..ExcerptLength] + "…";
    }
}
