using System.Security.Cryptography;
using System.Text;
using OpsBot.Alerts;

namespace OpsBot.Ingest.Alertmanager;

public static class AlertmanagerNormalizer
{

    public static IReadOnlyList<Alert> Normalize(AlertmanagerPayload payload, DateTimeOffset receivedAt)
    {
        if (payload.Version is not null && payload.Version != "4")
            throw new PayloadException($"unsupported webhook version '{payload.Version}', expected \"4\"");
        if (payload.Alerts is null)
            throw new PayloadException("missing field 'alerts'");

        // Alertmanager's own PagerDuty notifier uses sha256(groupKey) as dedup_key, so an incident it opened
        // carries this as incident_key: registering it lets the two deliveries correlate into one alert.
        var groupKeyHash = payload.GroupKey is { Length: > 0 } key ? Sha256Hex(key) : null;
        var alerts = new List<Alert>(payload.Alerts.Count);
        for (var i = 0; i < payload.Alerts.Count; i++)
            alerts.Add(NormalizeOne(payload.Alerts[i], $"alerts[{i}]", payload.ExternalUrl, groupKeyHash, receivedAt));
        return alerts;
    }

    private static Alert NormalizeOne(AlertmanagerAlert? alert, string path, string? externalUrl, string? groupKeyHash, DateTimeOffset receivedAt)
    {
        if (alert is null) throw new PayloadException($"{path} is null");
        if (alert.Labels is not { Count: > 0 } labels) throw new PayloadException($"missing field '{path}.labels'");
        if (labels.FirstOrDefault(l => l.Value is null) is { Key: { } nullLabel }) throw new PayloadException($"{path}.labels.{nullLabel} is null; label values are strings");
        var signal = alert.Status switch
        {
            "firing" => AlertSignal.Firing,
            "resolved" => AlertSignal.Resolved,
            null => throw new PayloadException($"missing field '{path}.status'"),
            var other => throw new PayloadException($"{path}.status must be 'firing' or 'resolved', got '{other}'"),
        };
        if (alert.StartsAt is not { } startsAt) throw new PayloadException($"missing field '{path}.startsAt'");

        var annotations = alert.Annotations ?? new Dictionary<string, string>();
        var links = new List<AlertLink>();
        if (!string.IsNullOrEmpty(alert.GeneratorUrl)) links.Add(new AlertLink(alert.GeneratorUrl, "Source"));
        if (!string.IsNullOrEmpty(externalUrl)) links.Add(new AlertLink(externalUrl, "Alertmanager"));
        var correlationKeys = new List<string>();
        if (groupKeyHash is not null) correlationKeys.Add(groupKeyHash);

        return new Alert
        {
            Fingerprint = string.IsNullOrEmpty(alert.Fingerprint) ? LabelFingerprint.Compute(labels) : alert.Fingerprint,
            Source = AlertSource.Alertmanager,
            Status = signal,
            Labels = labels,
            Annotations = annotations,
            Severity = SeverityParser.Parse(labels.GetValueOrDefault(LabelNames.Severity)),
            Summary = annotations.GetValueOrDefault("summary") ?? labels.GetValueOrDefault(LabelNames.AlertName) ?? "alert",
            StartsAt = startsAt,
            // Alertmanager sends Go's zero time for alerts that have not ended.
            EndsAt = alert.EndsAt is { Year: > 1 } endsAt ? endsAt : null,
            ReceivedAt = receivedAt,
            Links = links,
            CorrelationKeys = correlationKeys,
        };
    }

    private static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
