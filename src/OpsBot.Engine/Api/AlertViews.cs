using OpsBot.Alerts;
using OpsBot.Dedupe;
using OpsBot.Routing;
using OpsBot.Storage;

namespace OpsBot.Api;

public sealed record AlertSummary(
    long Id, string Fingerprint, string Source, string Status, string Severity, string AlertName, string Summary,
    Dictionary<string, string> Labels, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, DateTimeOffset StartsAt,
    DateTimeOffset? AcknowledgedAt, DateTimeOffset? ResolvedAt, int Occurrences, int Deliveries, bool Flapping,
    string? Team, string? Urgency, long? SilenceId)
{
    public static AlertSummary From(AlertStateRow row, Dictionary<string, string>? labels = null) => new(
        row.Id, row.Fingerprint, Lower(row.Source), Lower(row.Status), Lower(row.Severity), row.AlertName, row.Summary,
        labels ?? AlertStateMapper.Labels(row), row.FirstSeen, row.LastSeen, row.EpisodeStartedAt,
        row.AcknowledgedAt, row.ResolvedAt, row.OccurrenceCount, row.DeliveryCount, row.Flapping, row.Team, row.Urgency, row.SilenceId);

    internal static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}

public sealed record AlertDetail(
    AlertSummary Alert, Dictionary<string, string> Annotations, List<AlertLink> Links, RouteView[] Routes, NotificationView[] Notifications, HistoryEntry[] History,
    DiagnosticView[] Diagnostics, FixView[] Fixes)
{
    public static AlertDetail From(AlertStateRow row, IEnumerable<AlertOccurrenceRow> history, IEnumerable<RouteRow> routes, IEnumerable<NotificationRow> notifications,
        IEnumerable<DiagnosticRunRow> diagnostics, IEnumerable<FixRunRow> fixes) => new(
        AlertSummary.From(row), AlertStateMapper.Annotations(row), AlertStateMapper.Links(row),
        routes.Select(RouteView.From).ToArray(), notifications.Select(NotificationView.From).ToArray(), history.Select(HistoryEntry.From).ToArray(),
        diagnostics.Select(DiagnosticView.From).ToArray(), fixes.Select(FixView.From).ToArray());
}

/// <summary>A read-only diagnostic run when the alert arrived.</summary>
public sealed record DiagnosticView(string Handler, string Name, bool Ok, string Output, DateTimeOffset At)
{
    public static DiagnosticView From(DiagnosticRunRow d) => new(d.Handler, d.Name, d.Ok, d.Output, d.At);
}

/// <summary>A fix proposed, refused, approved or run for the alert, and how it ended.</summary>
public sealed record FixView(long Id, string Handler, string Target, string Policy, string State, string Action, string? Reason, string? ApprovedBy, string? Output,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    public static FixView From(FixRunRow f) => new(f.Id, f.Handler, f.Target, f.Policy, AlertSummary.Lower(f.State), f.Action, f.Reason, f.ApprovedBy, f.Output,
        f.CreatedAt, f.FinishedAt);
}

/// <summary>A stored routing decision: what was decided, when, on what occasion, and why.</summary>
public sealed record RouteView(long Id, DateTimeOffset DecidedAt, string Trigger, string Team, string Urgency, long? SilenceId, RouteDecision Decision)
{
    public static RouteView From(RouteRow r) => new(r.Id, r.DecidedAt, r.Trigger, r.Team, r.Urgency, r.SilenceId, RouteSnapshots.Deserialize(r.DecisionJson));
}

public sealed record HistoryEntry(Guid EventId, string Source, string Signal, string Outcome, DateTimeOffset ReceivedAt, DateTimeOffset StartsAt, DateTimeOffset? EndsAt, string? Note)
{
    public static HistoryEntry From(AlertOccurrenceRow o) => new(
        o.EventId, AlertSummary.Lower(o.Source), AlertSummary.Lower(o.Signal), o.Outcome.ToLowerInvariant(), o.ReceivedAt, o.StartsAt, o.EndsAt, o.Note);
}
