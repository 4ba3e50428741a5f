namespace OpsBot.Alerts;

/// <summary>
/// The one shape every source is normalised to. Immutable; travels on the bus inside <see cref="Contracts.AlertReceived"/>.
/// </summary>
public sealed record Alert
{
    /// <summary>Identity of the alert within its source (Alertmanager's label fingerprint, "pd:" + incident id, ...).</summary>
    public required string Fingerprint { get; init; }
    public required AlertSource Source { get; init; }
    public required AlertSignal Status { get; init; }
    public required Dictionary<string, string> Labels { get; init; }
    public Dictionary<string, string> Annotations { get; init; } = new();
    public required Severity Severity { get; init; }
    public required string Summary { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public List<AlertLink> Links { get; init; } = new();
    /// <summary>Keys under which the same problem may arrive from another source (PagerDuty incident_key, dedup_key, ...).</summary>
    public List<string> CorrelationKeys { get; init; } = new();

    public string AlertName => Labels.TryGetValue(LabelNames.AlertName, out var name) ? name : Summary;
}

public sealed record AlertLink(string Href, string? Text);

public enum AlertSource { Alertmanager, PagerDuty, Events, OpsBot }

/// <summary>What a delivery says about the problem; <see cref="Annotated"/> carries information without a state change.</summary>
public enum AlertSignal { Firing, Acknowledged, Resolved, Annotated }

public enum Severity { Info, Warning, Error, Critical }

public static class LabelNames
{
    public const string AlertName = "alertname";
    public const string Severity = "severity";
    public const string Instance = "instance";
}
