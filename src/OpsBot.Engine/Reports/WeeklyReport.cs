namespace OpsBot.Reports;

/// <summary>
/// One team's week, Monday 00:00 to the next Monday 00:00 in the team's time zone: what paged, what made noise,
/// what nobody acted on, what the fixes did, and what to change. Built from the stored history; the same figures
/// feed the chat summary, the web page and the CSV/JSON exports.
/// </summary>
public sealed record WeeklyReport
{
    public required string Team { get; init; }
    /// <summary>ISO week, e.g. "2026-W48".</summary>
    public required string Week { get; init; }
    public required string TimeZone { get; init; }
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public required TeamFigures Totals { get; init; }
    /// <summary>The same figures for the week before, for the change.</summary>
    public required TeamFigures PreviousTotals { get; init; }
    /// <summary>Per alert name, noisiest first (most notifications, then occurrences).</summary>
    public required IReadOnlyList<AlertFigures> Alerts { get; init; }
    /// <summary>Pages by local day (0 = Monday) and hour, for the heat map: [7][24].</summary>
    public required int[][] PagesByHour { get; init; }
    /// <summary>Alerts (occurrences) per week for the last weeks, oldest first, this week last: the trend.</summary>
    public required IReadOnlyList<WeekCount> Trend { get; init; }
    public required IReadOnlyList<Suggestion> Suggestions { get; init; }
}

public sealed record TeamFigures(
    int Alerts, int Occurrences, int Notifications, int Pages, int PagesBusinessHours, int PagesOffHours, int PagesSleepHours,
    TimeSpan? MeanTimeToAcknowledge, TimeSpan? MeanTimeToResolve, int SelfResolved, int NeverAcknowledged, int FlappingEpisodes,
    int Silenced, int Deferred, FixFigures Fixes);

public sealed record FixFigures(int DryRun, int Succeeded, int Failed, int Refused);

/// <summary>One alert name owned by the team (Owner) over the week.</summary>
public sealed record AlertFigures(
    string AlertName, string Owner, int Occurrences, int Notifications, int Pages, int PagesBusinessHours, int PagesOffHours, int PagesSleepHours,
    TimeSpan? MeanTimeToAcknowledge, TimeSpan? MeanTimeToResolve, int SelfResolved, int NeverAcknowledged, int FlappingEpisodes,
    int Silenced, int Deferred, FixFigures Fixes, bool HasRunbook, string? TopHost, int TopHostPages, int PreviousOccurrences);

public sealed record WeekCount(string Week, int Occurrences, int Pages);

/// <param name="Kind">delete-or-rework, route-to-chat, add-hysteresis, write-runbook, enable-fix, look-at-host.</param>
/// <param name="Because">The figures that raised it, e.g. "14 occurrences, none acknowledged, 12 resolved by themselves within 5 minutes".</param>
public sealed record Suggestion(string AlertName, string Kind, string Text, string Because);
