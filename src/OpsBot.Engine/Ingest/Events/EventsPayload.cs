using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpsBot.Ingest.Events;

/// <summary>A body compatible with PagerDuty Events API v2, so any script or tool that can page PagerDuty can page OpsBot.</summary>
public sealed class EventsPayload
{
    [JsonPropertyName("routing_key")] public string? RoutingKey { get; set; }
    [JsonPropertyName("event_action")] public string? EventAction { get; set; }
    [JsonPropertyName("dedup_key")] public string? DedupKey { get; set; }
    [JsonPropertyName("payload")] public EventsAlertPayload? Payload { get; set; }
    [JsonPropertyName("client")] public string? Client { get; set; }
    [JsonPropertyName("client_url")] public string? ClientUrl { get; set; }
    [JsonPropertyName("links")] public List<EventsLink>? Links { get; set; }
}

public sealed class EventsAlertPayload
{
    [JsonPropertyName("summary")] public string? Summary { get; set; }
    [JsonPropertyName("source")] public string? Source { get; set; }
    [JsonPropertyName("severity")] public string? Severity { get; set; }
    // Kept as text: PagerDuty's own examples use "+0000" offsets, which strict ISO 8601 parsing refuses.
    [JsonPropertyName("timestamp")] public string? Timestamp { get; set; }
    [JsonPropertyName("component")] public string? Component { get; set; }
    [JsonPropertyName("group")] public string? Group { get; set; }
    [JsonPropertyName("class")] public string? Class { get; set; }
    [JsonPropertyName("custom_details")] public JsonElement CustomDetails { get; set; }
}

public sealed class EventsLink
{
    [JsonPropertyName("href")] public string? Href { get; set; }
    [JsonPropertyName("text")] public string? Text { get; set; }
}
