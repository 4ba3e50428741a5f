using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpsBot.Ingest.PagerDuty;

/// <summary>PagerDuty V3 webhook envelope: one event per delivery.</summary>
public sealed class PagerDutyWebhook
{
    [JsonPropertyName("event")] public PagerDutyEvent? Event { get; set; }
}

public sealed class PagerDutyEvent
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("event_type")] public string? EventType { get; set; }
    [JsonPropertyName("resource_type")] public string? ResourceType { get; set; }
    [JsonPropertyName("occurred_at")] public DateTimeOffset? OccurredAt { get; set; }
    [JsonPropertyName("agent")] public PagerDutyReference? Agent { get; set; }
    [JsonPropertyName("data")] public JsonElement Data { get; set; }
}

public sealed class PagerDutyIncident
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("html_url")] public string? HtmlUrl { get; set; }
    [JsonPropertyName("number")] public long? Number { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("incident_key")] public string? IncidentKey { get; set; }
    [JsonPropertyName("created_at")] public DateTimeOffset? CreatedAt { get; set; }
    [JsonPropertyName("title")] public string? Title { get; set; }
    [JsonPropertyName("service")] public PagerDutyReference? Service { get; set; }
    [JsonPropertyName("priority")] public PagerDutyReference? Priority { get; set; }
    [JsonPropertyName("urgency")] public string? Urgency { get; set; }
}

public sealed class PagerDutyNote
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("content")] public string? Content { get; set; }
    [JsonPropertyName("incident")] public PagerDutyReference? Incident { get; set; }
}

public sealed class PagerDutyReference
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("summary")] public string? Summary { get; set; }
    [JsonPropertyName("html_url")] public string? HtmlUrl { get; set; }
}
