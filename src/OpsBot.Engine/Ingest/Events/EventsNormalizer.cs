using System.Globalization;
using System.Text.Json;
using OpsBot.Alerts;

namespace OpsBot.Ingest.Events;

public static class EventsNormalizer
{
    public const int MaxDedupKeyLength = 255;
    public const int MaxSummaryLength = 1024;
    private static readonly string[] Severities = ["critical", "error", "warning", "info"];

    /// <summary>Checks the body against the Events API v2 rules. Returns the dedup key (generated for a trigger without one).</summary>
    public static Alert Normalize(EventsPayload body, string dedupKey, DateTimeOffset receivedAt)
    {
        var signal = body.EventAction switch
        {
            "trigger" => AlertSignal.Firing,
            "acknowledge" => AlertSignal.Acknowledged,
            "resolve" => AlertSignal.Resolved,
            null => throw new PayloadException("missing field 'event_action'"),
            var other => throw new PayloadException($"event_action must be trigger, acknowledge or resolve, got '{other}'"),
        };
        return signal == AlertSignal.Firing
            ? Trigger(body, dedupKey, receivedAt)
            : new Alert
            {
                Fingerprint = FingerprintOf(body.RoutingKey!, dedupKey),
                Source = AlertSource.Events,
                Status = signal,
                Labels = new Dictionary<string, string> { ["dedup_key"] = dedupKey },
                Severity = Severity.Info,
                Summary = dedupKey,
                StartsAt = receivedAt,
                EndsAt = signal == AlertSignal.Resolved ? receivedAt : null,
                ReceivedAt = receivedAt,
                CorrelationKeys = [dedupKey],
            };
    }

    /// <summary>Validates what does not depend on the action and settles the dedup key.</summary>
    public static string DedupKeyOf(EventsPayload body, Func<string> newKey)
    {
        if (body.DedupKey is { Length: > MaxDedupKeyLength })
            throw new PayloadException($"dedup_key is longer than {MaxDedupKeyLength} characters");
        if (!string.IsNullOrEmpty(body.DedupKey)) return body.DedupKey;
        if (body.EventAction == "trigger") return newKey();
        throw new PayloadException("missing field 'dedup_key' (required for acknowledge and resolve)");
    }

    public static string FingerprintOf(string routingKey, string dedupKey) =>
        "ev:" + LabelFingerprint.Compute(new Dictionary<string, string> { ["routing_key"] = routingKey, ["dedup_key"] = dedupKey });

    private static Alert Trigger(EventsPayload body, string dedupKey, DateTimeOffset receivedAt)
    {
        var payload = body.Payload ?? throw new PayloadException("missing field 'payload'");
        if (string.IsNullOrWhiteSpace(payload.Summary)) throw new PayloadException("missing field 'payload.summary'");
        if (payload.Summary.Length > MaxSummaryLength) throw new PayloadException($"payload.summary is longer than {MaxSummaryLength} characters");
        if (string.IsNullOrWhiteSpace(payload.Source)) throw new PayloadException("missing field 'payload.source'");
        if (payload.Severity is null) throw new PayloadException("missing field 'payload.severity'");
        if (!Severities.Contains(payload.Severity))
            throw new PayloadException($"payload.severity must be critical, error, warning or info, got '{payload.Severity}'");

        var labels = new Dictionary<string, string>
        {
            [LabelNames.AlertName] = payload.Class ?? payload.Summary,
            [LabelNames.Instance] = payload.Source,
            [LabelNames.Severity] = payload.Severity,
            ["dedup_key"] = dedupKey,
        };
        if (!string.IsNullOrEmpty(payload.Component)) labels["component"] = payload.Component;
        if (!string.IsNullOrEmpty(payload.Group)) labels["group"] = payload.Group;
        if (!string.IsNullOrEmpty(payload.Class)) labels["class"] = payload.Class;

        var annotations = new Dictionary<string, string> { ["summary"] = payload.Summary };
        if (payload.CustomDetails.ValueKind == JsonValueKind.Object)
            foreach (var detail in payload.CustomDetails.EnumerateObject())
                annotations[detail.Name] = detail.Value.ValueKind == JsonValueKind.String ? detail.Value.GetString()! : detail.Value.GetRawText();

        var links = (body.Links ?? []).Where(l => !string.IsNullOrEmpty(l.Href)).Select(l => new AlertLink(l.Href!, l.Text)).ToList();
        if (!string.IsNullOrEmpty(body.ClientUrl)) links.Add(new AlertLink(body.ClientUrl, body.Client ?? "Client"));

        return new Alert
        {
            Fingerprint = FingerprintOf(body.RoutingKey!, dedupKey),
            Source = AlertSource.Events,
            Status = AlertSignal.Firing,
            Labels = labels,
            Annotations = annotations,
            Severity = SeverityParser.Parse(payload.Severity),
            Summary = payload.Summary,
            StartsAt = ParseTimestamp(payload.Timestamp) ?? receivedAt,
            ReceivedAt = receivedAt,
            Links = links,
            CorrelationKeys = [dedupKey],
        };
    }

    private static DateTimeOffset? ParseTimestamp(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;
}
