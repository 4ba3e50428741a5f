using System.Text.Json;
using System.Text.Json.Nodes;
using OpsBot.Alerts;
using OpsBot.Ingest;
using OpsBot.Ingest.PagerDuty;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Ingest.PagerDuty;

public sealed class PagerDutyNormalizerTests
{
    private const string IncidentKey = "d3640fbd41094207a1c11e58e46b1662";
    private static readonly DateTimeOffset ReceivedAt = new(2020, 10, 2, 18, 45, 23, TimeSpan.Zero);
    private static readonly DateTimeOffset OccurredAt = new(2020, 10, 2, 18, 45, 22, 169, TimeSpan.Zero);
    private static readonly DateTimeOffset CreatedAt = new(2020, 4, 9, 15, 16, 27, TimeSpan.Zero);

    private static Alert? Normalize(string fixture) =>
        PagerDutyNormalizer.Normalize(Fixtures.Json<PagerDutyWebhook>(fixture), ReceivedAt);

    private static Alert? NormalizeJson(string json) =>
        PagerDutyNormalizer.Normalize(JsonSerializer.Deserialize<PagerDutyWebhook>(json)!, ReceivedAt);

    private static Alert? NormalizeEdited(string fixture, Action<JsonNode> edit)
    {
        var node = JsonNode.Parse(Fixtures.Text(fixture))!;
        edit(node["event"]!);
        return NormalizeJson(node.ToJsonString());
    }

    [Theory]
    [InlineData("pagerduty-v3-incident-triggered.json", AlertSignal.Firing)]
    [InlineData("pagerduty-v3-incident-acknowledged.json", AlertSignal.Acknowledged)]
    [InlineData("pagerduty-v3-incident-resolved.json", AlertSignal.Resolved)]
    [InlineData("pagerduty-v3-incident-priority_updated.json", AlertSignal.Firing)] // data.status "triggered"
    [InlineData("pagerduty-v3-incident-annotated.json", AlertSignal.Annotated)]
    public void Normalize_IncidentFixtures_MapStatusAndIdentity(string fixture, AlertSignal expected)
    {
        var alert = Normalize(fixture)!;

        Assert.Equal(expected, alert.Status);
        Assert.Equal("pd:PGR0VU2", alert.Fingerprint);
        Assert.Equal(AlertSource.PagerDuty, alert.Source);
        Assert.Equal("A little bump in the road", alert.Summary);
        Assert.Equal("PGR0VU2", alert.Labels["pagerduty_incident"]);
        Assert.Equal(ReceivedAt, alert.ReceivedAt);
        Assert.Equal("Tenex Engineer", alert.Annotations["changed_by"]);
        Assert.Equal(JsonNode.Parse(Fixtures.Text(fixture))!["event"]!["event_type"]!.GetValue<string>(), alert.Annotations["pagerduty_event"]);
    }

    [Theory]
    [InlineData("pagerduty-v3-incident-triggered.json")]
    [InlineData("pagerduty-v3-incident-acknowledged.json")]
    [InlineData("pagerduty-v3-incident-resolved.json")]
    [InlineData("pagerduty-v3-incident-priority_updated.json")]
    public void Normalize_IncidentData_CarriesLabelsLinkKeyAndSeverity(string fixture)
    {
        var alert = Normalize(fixture)!;

        Assert.Equal(new Dictionary<string, string>
        {
            ["alertname"] = "A little bump in the road", ["pagerduty_incident"] = "PGR0VU2",
            ["service"] = "API Service", ["urgency"] = "high", ["priority"] = "P1",
        }, alert.Labels);
        Assert.Equal([IncidentKey], alert.CorrelationKeys);
        Assert.Equal([new AlertLink("https://acme.pagerduty.com/incidents/PGR0VU2", "PagerDuty incident")], alert.Links);
        Assert.Equal(Severity.Critical, alert.Severity);
        Assert.Equal(CreatedAt, alert.StartsAt);
    }

    [Theory]
    [InlineData("pagerduty-v3-incident-triggered.json", false)]
    [InlineData("pagerduty-v3-incident-acknowledged.json", false)]
    [InlineData("pagerduty-v3-incident-resolved.json", true)]
    public void Normalize_EndsAtOnlyWhenResolved(string fixture, bool ended)
    {
        Assert.Equal(ended ? OccurredAt : (DateTimeOffset?)null, Normalize(fixture)!.EndsAt);
    }

    [Fact]
    public void Normalize_Annotated_CarriesTheNote()
    {
        var alert = Normalize("pagerduty-v3-incident-annotated.json")!;

        Assert.Equal("I sure am glad we are using PagerDuty!", alert.Annotations["note"]);
        Assert.Equal(new Dictionary<string, string> { ["pagerduty_incident"] = "PGR0VU2" }, alert.Labels);
        Assert.Equal(OccurredAt, alert.StartsAt);
        Assert.Null(alert.EndsAt);
        Assert.Empty(alert.CorrelationKeys);
    }

    [Fact]
    public void Normalize_SignedGoPagerDutyBody_FallsBackToOccurredAtWithoutIncidentKey()
    {
        var alert = Normalize("pagerduty-v3-signed-body.go-pagerduty.json")!;

        Assert.Equal("pd:PGR0VU2", alert.Fingerprint);
        Assert.Equal(AlertSignal.Firing, alert.Status);
        Assert.Equal(new DateTimeOffset(2021, 4, 26, 17, 36, 27, 458, TimeSpan.Zero), alert.StartsAt);
        Assert.Empty(alert.CorrelationKeys);
    }

    [Theory]
    [InlineData("incident.priority_updated", "triggered", AlertSignal.Firing)]
    [InlineData("incident.priority_updated", "acknowledged", AlertSignal.Acknowledged)]
    [InlineData("incident.priority_updated", "resolved", AlertSignal.Resolved)]
    [InlineData("incident.escalated", "acknowledged", AlertSignal.Acknowledged)]
    [InlineData("incident.reassigned", "resolved", AlertSignal.Resolved)]
    [InlineData("incident.reopened", "resolved", AlertSignal.Firing)]
    [InlineData("incident.unacknowledged", "acknowledged", AlertSignal.Firing)]
    [InlineData("incident.triggered", "resolved", AlertSignal.Firing)]
    [InlineData("incident.acknowledged", "triggered", AlertSignal.Acknowledged)]
    [InlineData("incident.resolved", "triggered", AlertSignal.Resolved)]
    public void Normalize_StatusComesFromEventTypeOrRestatedData(string eventType, string dataStatus, AlertSignal expected)
    {
        var alert = NormalizeEdited("pagerduty-v3-incident-priority_updated.json", e =>
        {
            e["event_type"] = eventType;
            e["data"]!["status"] = dataStatus;
        });

        Assert.Equal(expected, alert!.Status);
    }

    [Theory]
    [InlineData("P1", "low", Severity.Critical)]
    [InlineData("P2", "high", Severity.Error)]
    [InlineData("P2", "low", Severity.Error)]
    [InlineData("P3", "high", Severity.Critical)]
    [InlineData("P3", "low", Severity.Warning)]
    [InlineData(null, "high", Severity.Critical)]
    [InlineData(null, "low", Severity.Warning)]
    public void Normalize_SeverityFromPriorityThenUrgency(string? priority, string urgency, Severity expected)
    {
        var alert = NormalizeEdited("pagerduty-v3-incident-triggered.json", e =>
        {
            e["data"]!["priority"] = priority is null ? null : new JsonObject { ["summary"] = priority, ["type"] = "priority_reference" };
            e["data"]!["urgency"] = urgency;
        });

        Assert.Equal(expected, alert!.Severity);
        Assert.Equal(priority is not null, alert.Labels.ContainsKey("priority"));
    }

    [Theory]
    [InlineData("pagerduty-v3-service-updated.json")]
    public void Normalize_ServiceEvent_IsIgnored(string fixture)
    {
        Assert.Null(Normalize(fixture));
    }

    [Theory]
    [InlineData("incident.responder.added")]
    [InlineData("incident.workflow.started")]
    [InlineData("incident.some_future_type")]
    public void Normalize_OtherIncidentEventTypes_AreIgnored(string eventType)
    {
        Assert.Null(NormalizeEdited("pagerduty-v3-incident-triggered.json", e => e["event_type"] = eventType));
    }

    [Theory]
    [InlineData("""{}""", "'event'")]
    [InlineData("""{"event":null}""", "'event'")]
    [InlineData("""{"event":{"data":{"id":"P1"}}}""", "event.event_type")]
    [InlineData("""{"event":{"event_type":"","data":{"id":"P1"}}}""", "event.event_type")]
    [InlineData("""{"event":{"event_type":"incident.triggered"}}""", "event.data")]
    [InlineData("""{"event":{"event_type":"incident.triggered","data":null}}""", "event.data")]
    [InlineData("""{"event":{"event_type":"incident.triggered","data":[1]}}""", "event.data")]
    [InlineData("""{"event":{"event_type":"incident.triggered","data":{"status":"triggered"}}}""", "event.data.id")]
    [InlineData("""{"event":{"event_type":"incident.triggered","data":{"id":42}}}""", "event.data")]
    [InlineData("""{"event":{"event_type":"incident.annotated","data":{"content":"hi"}}}""", "event.data.incident.id")]
    [InlineData("""{"event":{"event_type":"service.updated"}}""", "event.data")]
    public void Normalize_MissingOrMalformedFields_ThrowPayloadException(string json, string fieldMention)
    {
        var error = Assert.Throws<PayloadException>(() => NormalizeJson(json));

        Assert.Contains(fieldMention, error.Message);
    }
}
