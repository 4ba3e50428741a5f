namespace OpsBot.Silences;

/// <summary>POST /api/silences. Give matchers, or a host or service for a maintenance window; an end, or a duration; and a reason.</summary>
public sealed record SilenceRequest
{
    public List<string>? Matchers { get; init; }
    public string? Host { get; init; }
    public string? Service { get; init; }
    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }
    /// <summary>e.g. 2h, 90m, 1d; instead of EndsAt.</summary>
    public string? Duration { get; init; }
    public string? CreatedBy { get; init; }
    public string? Comment { get; init; }
    /// <summary>The team reminded before it ends.</summary>
    public string? Team { get; init; }
    /// <summary>A recurring window such as "Sun 02:00-04:00", repeated until EndsAt.</summary>
    public string? Recurrence { get; init; }
    public string? TimeZone { get; init; }
}
