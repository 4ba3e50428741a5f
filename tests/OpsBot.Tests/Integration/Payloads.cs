using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpsBot.Ingest.PagerDuty;

namespace OpsBot.Tests.Integration;

/// <summary>Builds requests the way each sender sends them.</summary>
public static class Payloads
{
    public static HttpContent Json(string body) => new StringContent(body, Encoding.UTF8, "application/json");

    public static HttpContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public static HttpRequestMessage PagerDuty(byte[] body, string? secret = OpsBotFactory.PagerDutySecret, string? webhookId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/pagerduty") { Content = Json(body) };
        if (secret is not null) request.Headers.Add(PagerDutyEndpoint.SignatureHeader, PagerDutySignature.Sign(body, secret));
        if (webhookId is not null) request.Headers.Add(PagerDutyEndpoint.WebhookIdHeader, webhookId);
        return request;
    }

    public static string AlertmanagerWebhook(string status, string groupKey, params (Dictionary<string, string> Labels, DateTimeOffset StartsAt, DateTimeOffset? EndsAt)[] alerts) =>
        JsonSerializer.Serialize(new
        {
            receiver = "opsbot",
            status,
            alerts = alerts.Select(a => new
            {
                status = a.EndsAt is null ? "firing" : "resolved",
                labels = a.Labels,
                annotations = new Dictionary<string, string> { ["summary"] = $"{a.Labels["alertname"]} on {a.Labels.GetValueOrDefault("instance")}" },
                startsAt = a.StartsAt,
                endsAt = a.EndsAt ?? DateTimeOffset.MinValue,
                generatorURL = "http://prometheus:9090/graph",
            }),
            groupLabels = new Dictionary<string, string>(),
            commonLabels = new Dictionary<string, string>(),
            commonAnnotations = new Dictionary<string, string>(),
            externalURL = "http://alertmanager:9093",
            version = "4",
            groupKey,
            truncatedAlerts = 0,
        });

    public static Dictionary<string, string> Labels(string alertname, string instance, string severity = "critical") =>
        new() { ["alertname"] = alertname, ["instance"] = instance, ["severity"] = severity };
}
