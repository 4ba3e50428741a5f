using OpsBot.Alerts;
using OpsBot.Dedupe;
using OpsBot.Storage;

namespace OpsBot.Api;

public sealed record AlertSummary(
    long Id, string Fingerprint, string Source, string Status, string Severity, string AlertName, string Summary,
    Dictionary<string, string> Labels, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, DateTimeOffset StartsAt,
    DateTimeOffset? AcknowledgedAt, DateTimeOffset? ResolvedAt, int Occurrences, int Deliveries, bool Flapping)
{
    public static AlertSummary From(AlertStateRow row, Dictionary<string, string>? labels = null) => new(
        row.Id, row.Fingerprint, Lower(row.Source), Lower(row.Status), Lower(row.Severity), row.AlertName, row.Summary,
        labels ?? AlertStateMapper.Labels(row), row.FirstSeen, row.LastSeen, row.EpisodeStartedAt,
        row.AcknowledgedAt, row.ResolvedAt, row.OccurrenceCount, row.DeliveryCount, row.Flapping);

    internal static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}

public sealed record AlertDetail(AlertSummary Alert, Dictionary<string, string> Annotations, List<AlertLink> Links, HistoryEntry[] History)
{
    public static AlertDetail From(AlertStateRow row, IEnumerable<AlertOccurrenceRow> history) => new(
        AlertSummary.From(row), AlertStateMapper.Annotations(row), AlertStateMapper.Links(row),
        history.Select(HistoryEntry.From).ToArray());
}

public sealed record HistoryEntry(Guid EventId, string Source, string Signal, string Outcome, DateTimeOffset ReceivedAt, DateTimeOffset StartsAt, DateTimeOffset? EndsAt, string? Note)
{
    public static HistoryEntry From(AlertOccurrenceRow o) => new(
        o.EventId, AlertSummary.Lower(o.Source), AlertSummary.Lower(o.Signal), o.Outcome.ToLowerInvariant(), o.ReceivedAt, o.StartsAt, o.EndsAt, o.Note);
}
