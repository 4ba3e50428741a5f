using OpsBot.Storage;

namespace OpsBot.Reports;

/// <summary>What the report knows of one alert row: the name and owner it is grouped under, its host and runbook.</summary>
internal sealed record ReportAlert(long Id, string Name, string Owner, string? Host, bool HasRunbook, string? StateTeam);

/// <summary>One firing episode: opened (or reopened) to resolved, with its first acknowledgement.</summary>
internal sealed record Episode(long AlertId, DateTimeOffset Start, DateTimeOffset? Acknowledged, DateTimeOffset? Resolved);

/// <summary>A notification reduced to what the report counts.</summary>
internal sealed record Sent(long? AlertId, string Kind, DateTimeOffset At);

/// <summary>Everything loaded for one team over the trend's weeks; sliced into weeks by <see cref="ReportWeekView"/>.</summary>
internal sealed class ReportHistory
{
    public required string Team { get; init; }
    public required IReadOnlyDictionary<long, ReportAlert> Alerts { get; init; }
    public required IReadOnlyList<Episode> Episodes { get; init; }
    /// <summary>Any delivery at all, per alert: a team's own alert belongs to a week it was active in.</summary>
    public required IReadOnlyList<(long AlertId, DateTimeOffset At)> Activity { get; init; }
    public required IReadOnlyList<Sent> Notifications { get; init; }
    public required IReadOnlyList<RouteRow> Routes { get; init; }
    public required IReadOnlyList<FixRunRow> Fixes { get; init; }

    /// <summary>
    /// Cuts an alert's ordered history into episodes. Opened/Reopened starts one, the first Acknowledged in it is its
    /// acknowledgement (a later Unacknowledged does not undo that for MTTA), Resolved ends it. An episode followed by a
    /// new opening without a Resolved stays unresolved: the report never guesses a resolution time.
    /// </summary>
    public static List<Episode> EpisodesOf(IEnumerable<(long AlertId, string Outcome, DateTimeOffset At)> occurrences)
    {
        var episodes = new List<Episode>();
        foreach (var alert in occurrences.GroupBy(o => o.AlertId))
        {
            Episode? open = null;
            foreach (var (_, outcome, at) in alert.OrderBy(o => o.At))
            {
                switch (outcome)
                {
                    case "Opened" or "Reopened":
                        if (open is not null) episodes.Add(open);
                        open = new Episode(alert.Key, at, null, null);
                        break;
                    case "Acknowledged" when open is { Acknowledged: null }:
                        open = open with { Acknowledged = at };
                        break;
                    case "Resolved" when open is not null:
                        episodes.Add(open with { Resolved = at });
                        open = null;
                        break;
                }
            }
            if (open is not null) episodes.Add(open);
        }
        return episodes;
    }
}
