using OpsBot.Tests.Support;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OpsBot.Tests.Integration;

/// <summary>Each kind of bad request gets its precise 4xx and reason, is counted, and stores nothing.</summary>
public sealed class BadInputTests() : HostedTest(new OpsBotFactory(new()
{
    ["Ingest:Alertmanager:BearerToken"] = OpsBotFactory.AlertmanagerToken,
    ["Ingest:MaxBodyBytes"] = "4096",
}))
{
    private const string Firing = "alertmanager-webhook-v4-firing.json";

    public static TheoryData<string, string, int, string> Cases => new()
    {
        // case name, endpoint, expected status, expected reason
        { "no token", "alertmanager", 401, "missing_credentials" },
        { "wrong token", "alertmanager", 401, "bad_credentials" },
        { "basic auth not configured", "alertmanager", 401, "bad_credentials" },
        { "text/plain", "alertmanager", 415, "unsupported_media_type" },
        { "no content type", "alertmanager", 415, "unsupported_media_type" },
        { "malformed json", "alertmanager", 400, "invalid_json" },
        { "json array", "alertmanager", 400, "invalid_json" },
        { "wrong field type", "alertmanager", 400, "invalid_json" },
        { "missing alerts", "alertmanager", 400, "invalid_payload" },
        { "alert without labels", "alertmanager", 400, "invalid_payload" },
        { "bad alert status", "alertmanager", 400, "invalid_payload" },
        { "empty body", "alertmanager", 400, "empty_body" },
        { "oversized declared", "alertmanager", 413, "body_too_large" },
        { "oversized chunked", "alertmanager", 413, "body_too_large" },
        { "pd no signature", "pagerduty", 401, "missing_signature" },
        { "pd wrong signature", "pagerduty", 401, "bad_signature" },
        { "pd tampered body", "pagerduty", 401, "bad_signature" },
        { "pd signed garbage", "pagerduty", 400, "invalid_json" },
        { "pd signed without event type", "pagerduty", 400, "invalid_payload" },
        { "events unknown key", "events", 400, "unknown_routing_key" },
        { "events no key", "events", 400, "missing_routing_key" },
        { "events bad action", "events", 400, "invalid_payload" },
        { "events resolve without dedup key", "events", 400, "invalid_payload" },
        { "events trigger without summary", "events", 400, "invalid_payload" },
        { "events bad severity", "events", 400, "invalid_payload" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_request_is_refused_counted_and_stores_nothing(string name, string endpoint, int status, string reason)
    {
        var response = await Client.SendAsync(Build(name, endpoint));

        Assert.Equal(status, (int)response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var givenReason = endpoint == "events" ? body.GetProperty("status").GetString() : body.GetProperty("error").GetString();
        Assert.Equal(reason, givenReason);
        var metrics = await Client.GetStringAsync("/metrics");
        Assert.Contains($"opsbot_ingest_rejections_total{{source=\"{endpoint}\",reason=\"{reason}\"}} 1", metrics);
        Assert.Equal(0, Host.Scalar("SELECT COUNT(*) FROM inbox") + Host.Scalar("SELECT COUNT(*) FROM alert_occurrences"));

        // The service is still up and takes a good alert afterwards.
        var good = Request("alertmanager", Payloads.Json(Fixtures.Bytes(Firing)), bearer: OpsBotFactory.AlertmanagerToken);
        Assert.True((await Client.SendAsync(good)).IsSuccessStatusCode);
        await Eventually.True(() => Host.Scalar("SELECT COUNT(*) FROM alerts") == 2, "the good alert passed dedupe");
    }

    private static HttpRequestMessage Build(string name, string endpoint)
    {
        var firing = Fixtures.Bytes(Firing);
        var token = OpsBotFactory.AlertmanagerToken;
        var pdBody = Fixtures.Bytes("pagerduty-v3-incident-triggered.json");
        var key = OpsBotFactory.IntegrationKey;
        return name switch
        {
            "no token" => Request(endpoint, Payloads.Json(firing)),
            "wrong token" => Request(endpoint, Payloads.Json(firing), bearer: "not-the-token"),
            "basic auth not configured" => WithHeader(Request(endpoint, Payloads.Json(firing)), "Authorization", "Basic dXNlcjpwYXNz"),
            "text/plain" => Request(endpoint, new StringContent("{}", Encoding.UTF8, "text/plain"), bearer: token),
            "no content type" => Request(endpoint, new ByteArrayContent(firing), bearer: token),
            "malformed json" => Request(endpoint, Payloads.Json("{\"alerts\": [}"), bearer: token),
            "json array" => Request(endpoint, Payloads.Json("[1,2]"), bearer: token),
            "wrong field type" => Request(endpoint, Payloads.Json("{\"alerts\": 5}"), bearer: token),
            "missing alerts" => Request(endpoint, Payloads.Json("{\"version\":\"4\"}"), bearer: token),
            "alert without labels" => Request(endpoint, Payloads.Json("{\"alerts\":[{\"status\":\"firing\",\"startsAt\":\"2026-01-01T00:00:00Z\"}]}"), bearer: token),
            "bad alert status" => Request(endpoint, Payloads.Json("{\"alerts\":[{\"status\":\"on fire\",\"labels\":{\"a\":\"b\"},\"startsAt\":\"2026-01-01T00:00:00Z\"}]}"), bearer: token),
            "empty body" => Request(endpoint, Payloads.Json(""), bearer: token),
            "oversized declared" => Request(endpoint, Payloads.Json(new string(' ', 5000) + "{}"), bearer: token),
            "oversized chunked" => Request(endpoint, Chunked(new string(' ', 5000) + "{}"), bearer: token),
            "pd no signature" => Payloads.PagerDuty(pdBody, secret: null),
            "pd wrong signature" => Payloads.PagerDuty(pdBody, secret: "someone-else"),
            "pd tampered body" => WithBody(Payloads.PagerDuty(pdBody), pdBody.Concat(" "u8.ToArray()).ToArray()),
            "pd signed garbage" => Payloads.PagerDuty("not json"u8.ToArray()),
            "pd signed without event type" => Payloads.PagerDuty("{\"event\":{\"data\":{}}}"u8.ToArray()),
            "events unknown key" => Request(endpoint, Payloads.Json(Fixtures.Bytes("pagerduty-events-v2-trigger-docs.json"))),
            "events no key" => Request(endpoint, Payloads.Json("{\"event_action\":\"trigger\"}")),
            "events bad action" => Request(endpoint, Payloads.Json($"{{\"routing_key\":\"{key}\",\"event_action\":\"explode\",\"dedup_key\":\"x\"}}")),
            "events resolve without dedup key" => Request(endpoint, Payloads.Json($"{{\"routing_key\":\"{key}\",\"event_action\":\"resolve\"}}")),
            "events trigger without summary" => Request(endpoint, Payloads.Json($"{{\"routing_key\":\"{key}\",\"event_action\":\"trigger\",\"payload\":{{\"source\":\"a\",\"severity\":\"info\"}}}}")),
            "events bad severity" => Request(endpoint, Payloads.Json($"{{\"routing_key\":\"{key}\",\"event_action\":\"trigger\",\"payload\":{{\"summary\":\"s\",\"source\":\"a\",\"severity\":\"apocalyptic\"}}}}")),
            _ => throw new ArgumentException(name),
        };
    }

    private static HttpRequestMessage Request(string endpoint, HttpContent content, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/webhooks/{endpoint}") { Content = content };
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return request;
    }

    private static HttpRequestMessage WithHeader(HttpRequestMessage request, string name, string value)
    {
        request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    private static HttpRequestMessage WithBody(HttpRequestMessage request, byte[] body)
    {
        request.Content = Payloads.Json(body);
        return request;
    }

    /// <summary>A body sent without Content-Length, so only the read limit can catch it.</summary>
    private static HttpContent Chunked(string text)
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentLength = null;
        return content;
    }
}
