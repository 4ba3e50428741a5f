using System.Globalization;
using OpsBot.Routing.Config;

namespace OpsBot.Hosting;

/// <summary>
/// For rehearsals and demos (Clock:StartAt): "now" starts at a chosen moment and runs on in real time from there,
/// so alerts sent with curl are routed as if it were, say, Sunday 03:00 in Berlin. Never for production.
/// </summary>
public sealed class ShiftedClock(DateTimeOffset startAt, TimeProvider real) : TimeProvider
{
    private readonly TimeSpan _offset = startAt - real.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => real.GetUtcNow() + _offset;

    public static TimeProvider From(string? startAt)
    {
        if (string.IsNullOrWhiteSpace(startAt)) return TimeProvider.System;
        return DateTimeOffset.TryParse(startAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? new ShiftedClock(at, TimeProvider.System)
            : throw new InvalidConfigurationException([new ConfigIssue("Clock:StartAt", $"'{startAt}' is not a time like 2026-11-23T03:00:00+01:00")]);
    }
}
