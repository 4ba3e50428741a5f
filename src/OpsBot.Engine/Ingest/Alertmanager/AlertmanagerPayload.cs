using System.Text.Json.Serialization;

namespace OpsBot.Ingest.Alertmanager;

/// <summary>Alertmanager webhook payload, version 4. Unknown fields are ignored; optional ones may be missing on older versions.</summary>
public sealed class AlertmanagerPayload
{
    [JsonPropertyName("version")] public string? Version { get; set; }
    [JsonPropertyName("groupKey")] public string? GroupKey { get; set; }
    [JsonPropertyName("truncatedAlerts")] public int TruncatedAlerts { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("receiver")] public string? Receiver { get; set; }
    [JsonPropertyName("groupLabels")] public Dictionary<string, string>? GroupLabels { get; set; }
    [JsonPropertyName("commonLabels")] public Dictionary<string, string>? CommonLabels { get; set; }
    [JsonPropertyName("commonAnnotations")] public Dictionary<string, string>? CommonAnnotations { get; set; }
    [JsonPropertyName("routeLabels")] public Dictionary<string, string>? RouteLabels { get; set; }
    [JsonPropertyName("externalURL")] public string? ExternalUrl { get; set; }
    [JsonPropertyName("notification_reason")] public string? NotificationReason { get; set; }
    [JsonPropertyName("alerts")] public List<AlertmanagerAlert>? Alerts { get; set; }
}

public sealed class AlertmanagerAlert
{
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("labels")] public Dictionary<string, string>? Labels { get; set; }
    [JsonPropertyName("annotations")] public Dictionary<string, string>? Annotations { get; set; }
    [JsonPropertyName("startsAt")] public DateTimeOffset? StartsAt { get; set; }
    [JsonPropertyName("endsAt")] public DateTimeOffset? EndsAt { get; set; }
    [JsonPropertyName("generatorURL")] public string? GeneratorUrl { get; set; }
    [JsonPropertyName("fingerprint")] public string? Fingerprint { get; set; }
}
