using OpsBot.Tests.Support;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OpsBot.Tests.Integration;

/// <summary>Every official fixture, posted to the real host, is accepted and ends up as state in /api/alerts.</summary>
public sealed class IngestFixturesTests() : HostedTest(new OpsBotFactory())
{
    [Fact]
    public async Task Alertmanager_firing_then_resolved_fixture_opens_and_closes_two_alerts()
    {
        var firing = await Client.PostAsync("/webhooks/alertmanager", Payloads.Json(Fixtures.Bytes("alertmanager-webhook-v4-firing.json")));
        Assert.Equal(HttpStatusCode.OK, firing.StatusCode);
        Assert.Equal(2, (await firing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("alerts").GetInt32());

        var open = await WaitForAlertsAsync("/api/alerts", 2);
        Assert.Equal(["4645ac3326787d2d", "9692e376846c2652"], open.Select(a => a.GetProperty("fingerprint").GetString()).Order());
        Assert.All(open, a => Assert.Equal("firing", a.GetProperty("status").GetString()));
        Assert.All(open, a => Assert.Equal("critical", a.GetProperty("severity").GetString()));

        var resolved = await Client.PostAsync("/webhooks/alertmanager", Payloads.Json(Fixtures.Bytes("alertmanager-webhook-v4-resolved.json")));
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var closed = await WaitForAlertsAsync("/api/alerts?status=resolved", 2);
        Assert.All(closed, a => Assert.Equal(1, a.GetProperty("occurrences").GetInt32()));
        Assert.Empty(await ListAsync("/api/alerts"));

        var detail = await OpsBotFactory.GetJsonAsync(Client, $"/api/alerts/{closed[0].GetProperty("id").GetInt64()}");
        Assert.Equal(["resolved", "opened"], detail.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("outcome").GetString()));
    }

    [Theory]
    [InlineData("pagerduty-v3-incident-triggered.json", "firing")]
    [InlineData("pagerduty-v3-incident-priority_updated.json", "firing")]
    public async Task PagerDuty_signed_incident_fixture_is_accepted(string fixture, string status)
    {
        var response = await Client.SendAsync(Payloads.PagerDuty(Fixtures.Bytes(fixture), webhookId: Guid.NewGuid().ToString()));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var alert = Assert.Single(await WaitForAlertsAsync("/api/alerts", 1));
        Assert.Equal("pd:PGR0VU2", alert.GetProperty("fingerprint").GetString());
        Assert.Equal("pagerduty", alert.GetProperty("source").GetString());
        Assert.Equal(status, alert.GetProperty("status").GetString());
    }

    [Fact]
    public async Task PagerDuty_lifecycle_fixtures_acknowledge_then_resolve_the_incident()
    {
        foreach (var name in new[] { "triggered", "annotated", "acknowledged" })
            Assert.Equal(HttpStatusCode.Accepted,
                (await Client.SendAsync(Payloads.PagerDuty(Fixtures.Bytes($"pagerduty-v3-incident-{name}.json")))).StatusCode);
        await WaitForAlertsAsync("/api/alerts?status=acknowledged", 1);

        await Client.SendAsync(Payloads.PagerDuty(Fixtures.Bytes("pagerduty-v3-incident-resolved.json")));
        var alert = Assert.Single(await WaitForAlertsAsync("/api/alerts?status=resolved", 1));
        var detail = await OpsBotFactory.GetJsonAsync(Client, $"/api/alerts/{alert.GetProperty("id").GetInt64()}");
        Assert.Equal(["resolved", "acknowledged", "annotated", "opened"],
            detail.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("outcome").GetString()));
        Assert.Contains(detail.GetProperty("history").EnumerateArray(), h => h.GetProperty("note").GetString() == "I sure am glad we are using PagerDuty!");
    }

    [Fact]
    public async Task PagerDuty_service_event_is_accepted_and_ignored()
    {
        var response = await Client.SendAsync(Payloads.PagerDuty(Fixtures.Bytes("pagerduty-v3-service-updated.json")));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("ignored", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(0, Host.Scalar("SELECT COUNT(*) FROM inbox") + Host.Scalar("SELECT COUNT(*) FROM alerts"));
    }

    [Fact]
    public async Task Events_api_fixtures_answer_like_PagerDuty_and_track_the_dedup_key()
    {
        var trigger = await Client.PostAsync("/webhooks/events", Payloads.Json(Fixtures.Bytes("pagerduty-events-v2-trigger.json")));
        Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);
        var body = await trigger.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.Equal("Event processed", body.GetProperty("message").GetString());
        Assert.Equal("srv01/mysql", body.GetProperty("dedup_key").GetString());

        var alert = Assert.Single(await WaitForAlertsAsync("/api/alerts", 1));
        Assert.Equal("prod-datapipe03.example.com", alert.GetProperty("labels").GetProperty("instance").GetString());

        var resolve = $$"""{"routing_key":"{{OpsBotFactory.IntegrationKey}}","dedup_key":"srv01/mysql","event_action":"resolve"}""";
        Assert.Equal(HttpStatusCode.Accepted, (await Client.PostAsync("/webhooks/events", Payloads.Json(resolve))).StatusCode);
        await WaitForAlertsAsync("/api/alerts?status=resolved", 1);
    }

    [Fact]
    public async Task Events_api_trigger_without_dedup_key_gets_one_generated()
    {
        var trigger = JsonSerializer.Serialize(new
        {
            routing_key = OpsBotFactory.IntegrationKey, event_action = "trigger",
            payload = new { summary = "Disk almost full", source = "db-1", severity = "warning" },
        });
        var response = await Client.PostAsync("/webhooks/events", Payloads.Json(trigger));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Matches("^[0-9a-f]{32}$", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dedup_key").GetString());
    }

    [Fact]
    public async Task Alert_list_filters_by_label_and_refuses_bad_filters()
    {
        await Client.PostAsync("/webhooks/alertmanager", Payloads.Json(Fixtures.Bytes("alertmanager-webhook-v4-firing.json")));
        await WaitForAlertsAsync("/api/alerts", 2);
        var node1 = Assert.Single(await ListAsync("/api/alerts?label=instance=node1:9100&label=job=node"));
        Assert.Equal("9692e376846c2652", node1.GetProperty("fingerprint").GetString());
        Assert.Empty(await ListAsync("/api/alerts?label=instance=nowhere"));
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync("/api/alerts?label=broken")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync("/api/alerts?status=sleeping")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/alerts/999999")).StatusCode);
    }

    private async Task<JsonElement[]> WaitForAlertsAsync(string path, int count)
    {
        JsonElement[] alerts = [];
        await Eventually.Async(async () => (alerts = await ListAsync(path)).Length == count, $"{count} alerts at {path}");
        return alerts;
    }

    private async Task<JsonElement[]> ListAsync(string path) =>
        (await OpsBotFactory.GetJsonAsync(Client, path)).EnumerateArray().ToArray();
}
