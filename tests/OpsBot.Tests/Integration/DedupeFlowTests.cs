using OpsBot.Tests.Support;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OpsBot.Tests.Integration;

/// <summary>Duplicate deliveries, reopening, flapping and AM+PD correlation through the running host and bus.</summary>
public sealed class DedupeFlowTests() : HostedTest(new OpsBotFactory(new() { ["Dedupe:FlapThreshold"] = "3", ["Dedupe:FlapWindow"] = "01:00:00" }))
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    [Fact]
    public async Task Same_alert_from_two_HA_peers_is_one_alert()
    {
        var body = Payloads.AlertmanagerWebhook("firing", "{}:{alertname=\"DiskFull\"}", (Payloads.Labels("DiskFull", "db-1"), T0, null));
        await Task.WhenAll(Post(body), Post(body));
        await WaitForOccurrencesAsync(2);

        var alert = Assert.Single(await ListAsync("/api/alerts?status=all"));
        Assert.Equal(2, alert.GetProperty("deliveries").GetInt32());
        Assert.Equal(1, alert.GetProperty("occurrences").GetInt32());
        Assert.Equal(["opened", "repeated"], (await HistoryAsync(alert)).Order());
    }

    [Fact]
    public async Task Resolved_alert_that_fires_again_reopens_and_counts_a_second_occurrence()
    {
        var labels = Payloads.Labels("HighLoad", "web-1", "warning");
        await Post(Payloads.AlertmanagerWebhook("firing", "g", (labels, T0, null)));
        await Post(Payloads.AlertmanagerWebhook("resolved", "g", (labels, T0, T0.AddMinutes(5))));
        await Post(Payloads.AlertmanagerWebhook("firing", "g", (labels, T0.AddMinutes(30), null)));
        await WaitForOccurrencesAsync(3);

        var alert = Assert.Single(await ListAsync("/api/alerts"));
        Assert.Equal("firing", alert.GetProperty("status").GetString());
        Assert.Equal(2, alert.GetProperty("occurrences").GetInt32());
        Assert.Equal(T0.AddMinutes(30), alert.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(["reopened", "resolved", "opened"], await HistoryAsync(alert));
    }

    [Fact]
    public async Task Alert_that_keeps_firing_and_resolving_is_marked_flapping_once()
    {
        var labels = Payloads.Labels("Flappy", "web-2", "warning");
        for (var i = 0; i < 3; i++)
        {
            await Post(Payloads.AlertmanagerWebhook("firing", "g", (labels, T0.AddMinutes(10 * i), null)));
            await Post(Payloads.AlertmanagerWebhook("resolved", "g", (labels, T0.AddMinutes(10 * i), T0.AddMinutes(10 * i + 1))));
        }
        await WaitForOccurrencesAsync(6);
        var alert = Assert.Single(await ListAsync("/api/alerts?status=all"));
        Assert.True(alert.GetProperty("flapping").GetBoolean());
        Assert.Contains("opsbot_dedupe_outcomes_total{outcome=\"reopened\"} 2", await Client.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task PagerDuty_incident_opened_from_an_Alertmanager_alert_is_the_same_alert()
    {
        const string groupKey = "{}/{severity=\"critical\"}:{alertname=\"ApiDown\", instance=\"api-1\"}";
        await Post(Payloads.AlertmanagerWebhook("firing", groupKey, (Payloads.Labels("ApiDown", "api-1"), T0, null)));
        await WaitForOccurrencesAsync(1);

        // Alertmanager's PagerDuty notifier uses sha256(groupKey) as dedup_key; PagerDuty echoes it as incident_key.
        var incidentKey = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(groupKey)));
        var acknowledged = Encoding.UTF8.GetString(Fixtures.Bytes("pagerduty-v3-incident-acknowledged.json"))
            .Replace("d3640fbd41094207a1c11e58e46b1662", incidentKey);
        var response = await Client.SendAsync(Payloads.PagerDuty(Encoding.UTF8.GetBytes(acknowledged), webhookId: "delivery-1"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await WaitForOccurrencesAsync(2);

        var alert = Assert.Single(await ListAsync("/api/alerts?status=all"));
        Assert.Equal("alertmanager", alert.GetProperty("source").GetString());
        Assert.Equal("acknowledged", alert.GetProperty("status").GetString());

        // Later PagerDuty events name only the incident: they must find the same alert.
        var resolved = Encoding.UTF8.GetString(Fixtures.Bytes("pagerduty-v3-incident-resolved.json")).Replace("d3640fbd41094207a1c11e58e46b1662", incidentKey);
        await Client.SendAsync(Payloads.PagerDuty(Encoding.UTF8.GetBytes(resolved), webhookId: "delivery-2"));
        await WaitForOccurrencesAsync(3);
        Assert.Equal("resolved", Assert.Single(await ListAsync("/api/alerts?status=all")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task PagerDuty_retry_with_the_same_webhook_id_is_taken_once()
    {
        var body = Fixtures.Bytes("pagerduty-v3-incident-triggered.json");
        var first = await Client.SendAsync(Payloads.PagerDuty(body, webhookId: "retry-me"));
        var second = await Client.SendAsync(Payloads.PagerDuty(body, webhookId: "retry-me"));

        Assert.Equal("accepted", (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal("duplicate", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await WaitForOccurrencesAsync(1);
        Assert.Contains("opsbot_alerts_received_total{source=\"pagerduty\",outcome=\"duplicate_delivery\"} 1", await Client.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task Correlation_template_joins_an_Events_api_alert_to_the_Alertmanager_one()
    {
        await using var host = new OpsBotFactory(new() { ["Dedupe:CorrelationKeyTemplates:0"] = "{alertname}/{instance}" });
        var client = await host.StartAsync();
        await client.PostAsync("/webhooks/alertmanager", Payloads.Json(
            Payloads.AlertmanagerWebhook("firing", "g", (Payloads.Labels("DiskFull", "db-9"), T0, null))));
        await Eventually.True(() => host.Scalar("SELECT COUNT(*) FROM alerts") == 1, "alert stored");

        var ack = $$"""{"routing_key":"{{OpsBotFactory.IntegrationKey}}","dedup_key":"DiskFull/db-9","event_action":"acknowledge"}""";
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/webhooks/events", Payloads.Json(ack))).StatusCode);
        await Eventually.True(() => host.Scalar("SELECT COUNT(*) FROM alerts WHERE Status = 'Acknowledged'") == 1, "acknowledged through correlation");
        Assert.Equal(1, host.Scalar("SELECT COUNT(*) FROM alerts"));
        host.DeleteData();
    }

    private async Task Post(string body) =>
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync("/webhooks/alertmanager", Payloads.Json(body))).StatusCode);

    private Task WaitForOccurrencesAsync(int count) =>
        Eventually.True(() => Host.Scalar("SELECT COUNT(*) FROM alert_occurrences") == count && Host.Scalar("SELECT COUNT(*) FROM inbox") == 0,
            $"{count} deliveries through dedupe");

    private async Task<JsonElement[]> ListAsync(string path) => (await OpsBotFactory.GetJsonAsync(Client, path)).EnumerateArray().ToArray();

    private async Task<string[]> HistoryAsync(JsonElement alert) =>
        (await OpsBotFactory.GetJsonAsync(Client, $"/api/alerts/{alert.GetProperty("id").GetInt64()}"))
        .GetProperty("history").EnumerateArray().Select(h => h.GetProperty("outcome").GetString()!).ToArray();
}
