using System.Text.Json;
using OpsBot.Alerts;

namespace OpsBot.Ingest.PagerDuty;

public static class PagerDutyNormalizer
{
    public const string FingerprintPrefix = "pd:";

    private static readonly HashSet<string> IncidentEvents =
    [
        "incident.triggered", "incident.acknowledged", "incident.unacknowledged", "incident.resolved",
        "incident.reopened", "incident.escalated", "incident.reassigned", "incident.priority_updated",
    ];

    /// <summary>The alert this event speaks of, or null for event types OpsBot accepts and ignores (service.*, tasks, ...).</summary>
    public static Alert? Normalize(PagerDutyWebhook webhook, DateTimeOffset receivedAt)
    {
        var evt = webhook.Event ?? throw new PayloadException("missing field 'event'");
        if (string.IsNullOrEmpty(evt.EventType)) throw new PayloadException("missing field 'event.event_type'");
        if (evt.Data.ValueKind != JsonValueKind.Object) throw new PayloadException("missing field 'event.data'");

        if (evt.EventType == "incident.annotated") return FromNote(evt, receivedAt);
        if (!IncidentEvents.Contains(evt.EventType)) return null;

        var incident = Deserialize<PagerDutyIncident>(evt.Data);
        if (string.IsNullOrEmpty(incident.Id)) throw new PayloadException("missing field 'event.data.id'");
        var signal = SignalOf(evt.EventType, incident.Status);
        var labels = new Dictionary<string, string>
        {
            [LabelNames.AlertName] = incident.Title ?? $"PagerDuty incident {incident.Id}",
            ["pagerduty_incident"] = incident.Id,
        };
        AddIfPresent(labels, "service", incident.Service?.Summary);
        AddIfPresent(labels, "urgency", incident.Urgency);
        AddIfPresent(labels, "priority", incident.Priority?.Summary);

        var annotations = new Dictionary<string, string> { ["pagerduty_event"] = evt.EventType };
        AddIfPresent(annotations, "changed_by", evt.Agent?.Summary);

        return new Alert
        {
            Fingerprint = FingerprintPrefix + incident.Id,
            Source = AlertSource.PagerDuty,
            Status = signal,
            Labels = labels,
            Annotations = annotations,
            Severity = SeverityOf(incident),
            Summary = incident.Title ?? labels[LabelNames.AlertName],
            StartsAt = incident.CreatedAt ?? evt.OccurredAt ?? receivedAt,
            EndsAt = signal == AlertSignal.Resolved ? evt.OccurredAt ?? receivedAt : null,
            ReceivedAt = receivedAt,
            Links = incident.HtmlUrl is { Length: > 0 } url ? [new AlertLink(url, "PagerDuty incident")] : [],
            CorrelationKeys = incident.IncidentKey is { Length: > 0 } key ? [key] : [],
        };
    }

    private static Alert FromNote(PagerDutyEvent evt, DateTimeOffset receivedAt)
    {
        var note = Deserialize<PagerDutyNote>(evt.Data);
        var incidentId = note.Incident?.Id;
        if (string.IsNullOrEmpty(incidentId)) throw new PayloadException("missing field 'event.data.incident.id'");
        var annotations = new Dictionary<string, string> { ["pagerduty_event"] = evt.EventType! };
        AddIfPresent(annotations, "note", note.Content);
        AddIfPresent(annotations, "changed_by", evt.Agent?.Summary);
        return new Alert
        {
            Fingerprint = FingerprintPrefix + incidentId,
            Source = AlertSource.PagerDuty,
            Status = AlertSignal.Annotated,
            Labels = new Dictionary<string, string> { ["pagerduty_incident"] = incidentId },
            Annotations = annotations,
            Severity = Severity.Info,
            Summary = note.Incident?.Summary ?? incidentId,
            StartsAt = evt.OccurredAt ?? receivedAt,
            ReceivedAt = receivedAt,
        };
    }

    private static AlertSignal SignalOf(string eventType, string? status) => eventType switch
    {
        "incident.triggered" or "incident.reopened" or "incident.unacknowledged" => AlertSignal.Firing,
        "incident.acknowledged" => AlertSignal.Acknowledged,
        "incident.resolved" => AlertSignal.Resolved,
        // Escalations, reassignments and priority changes restate the incident's current status.
        _ => status switch
        {
            "acknowledged" => AlertSignal.Acknowledged,
            "resolved" => AlertSignal.Resolved,
            _ => AlertSignal.Firing,
        },
    };

    private static Severity SeverityOf(PagerDutyIncident incident) => incident.Priority?.Summary switch
    {
        "P1" => Severity.Critical,
        "P2" => Severity.Error,
        _ => incident.Urgency == "high" ? Severity.Critical : Severity.Warning,
    };

    private static T Deserialize<T>(JsonElement element)
    {
        try
        {
            return element.Deserialize<T>() ?? throw new PayloadException("event.data is null");
        }
        catch (JsonException e)
        {
            throw new PayloadException($"event.data: {e.Message}");
        }
    }

    private static void AddIfPresent(Dictionary<string, string> map, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value)) map[key] = value;
    }
}
