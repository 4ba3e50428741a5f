using System.Text.Json;
using OpsBot.Alerts;
using OpsBot.Storage;

namespace OpsBot.Dedupe;

/// <summary>Moves alert content between the bus shape and the stored row.</summary>
public static class AlertStateMapper
{
    public static AlertStateRow NewRow(Alert alert) => new()
    {
        Fingerprint = alert.Fingerprint,
        Source = alert.Source,
        AlertName = alert.AlertName,
        Summary = alert.Summary,
        LabelsJson = JsonSerializer.Serialize(alert.Labels),
        AnnotationsJson = JsonSerializer.Serialize(alert.Annotations),
        LinksJson = JsonSerializer.Serialize(alert.Links),
        Severity = alert.Severity,
        FirstSeen = alert.ReceivedAt,
        LastSeen = alert.ReceivedAt,
        EpisodeStartedAt = alert.StartsAt,
        TransitionsJson = "[]",
    };

    public static AlertStateView View(AlertStateRow row) => new(
        row.Status, row.Source, row.EpisodeStartedAt, row.ResolvedAt, row.Severity, row.Summary, Annotations(row));

    /// <summary>Content from the alert's own source replaces what is stored; a correlated source only adds what is missing.</summary>
    public static void MergeContent(AlertStateRow row, Alert alert)
    {
        if (alert.Source == row.Source && alert.Status != AlertSignal.Annotated)
        {
            row.Summary = alert.Summary;
            row.Severity = alert.Severity;
            row.LabelsJson = JsonSerializer.Serialize(alert.Labels);
            row.AnnotationsJson = JsonSerializer.Serialize(alert.Annotations);
        }
        var links = Links(row);
        var added = alert.Links.Where(l => links.All(existing => existing.Href != l.Href)).ToList();
        if (added.Count > 0) row.LinksJson = JsonSerializer.Serialize(links.Concat(added).ToList());
    }

    /// <summary>The alert as it stands now, for events published downstream.</summary>
    public static Alert Current(AlertStateRow row, Alert delivered) => delivered with
    {
        Fingerprint = row.Fingerprint,
        Source = row.Source,
        Labels = Labels(row),
        Annotations = Annotations(row),
        Links = Links(row),
        Severity = row.Severity,
        Summary = row.Summary,
        StartsAt = row.EpisodeStartedAt,
    };

    public static Dictionary<string, string> Labels(AlertStateRow row) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(row.LabelsJson) ?? new();

    public static Dictionary<string, string> Annotations(AlertStateRow row) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(row.AnnotationsJson) ?? new();

    public static List<AlertLink> Links(AlertStateRow row) =>
        JsonSerializer.Deserialize<List<AlertLink>>(row.LinksJson) ?? new();

    public static List<DateTimeOffset> Transitions(AlertStateRow row) =>
        JsonSerializer.Deserialize<List<DateTimeOffset>>(row.TransitionsJson) ?? new();
}
