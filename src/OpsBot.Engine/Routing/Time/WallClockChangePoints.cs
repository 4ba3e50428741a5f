using NodaTime;

namespace OpsBot.Routing.Time;

/// <summary>
/// Lists, in order, every instant at which a state defined on the local wall clock may change. Between two listed
/// instants the state is constant, so callers find openings and closings by evaluating the state only at these points.
/// </summary>
internal static class WallClockChangePoints
{
    // Dates are mapped a week at a time so a typical search touches only a few days.
    private const int WindowDays = 7;

    /// <param name="zone">The zone whose wall clock the state is defined on.</param>
    /// <param name="after">Only instants strictly after this are listed.</param>
    /// <param name="days">How many local dates, starting with <paramref name="after"/>'s, to cover.</param>
    /// <param name="boundariesOn">The wall-clock times on a date at which the state may change.</param>
    public static IEnumerable<Instant> After(
        DateTimeZone zone, Instant after, int days, Func<LocalDate, IEnumerable<LocalTime>> boundariesOn)
    {
        var firstDate = after.InZone(zone).Date;
        var lastDate = firstDate.PlusDays(days - 1);
        var listedBefore = after + Duration.Epsilon;
        for (var windowStart = firstDate; windowStart <= lastDate; windowStart = windowStart.PlusDays(WindowDays))
        {
            var windowEnd = LocalDate.Min(windowStart.PlusDays(WindowDays - 1), lastDate);

            // Nothing on a later date happens before that date's first instant, so the points below it are complete.
            // Points at or above it can come from this window's last date when the clock runs back over midnight;
            // the next window maps that date again and lists them then.
            var limit = WallClock.ToInstant(zone, windowEnd.PlusDays(1).AtMidnight());
            var points = new SortedSet<Instant>();
            for (var date = windowStart.PlusDays(-1); date <= windowEnd; date = date.PlusDays(1))
            {
                foreach (var time in boundariesOn(date))
                {
                    AddOccurrences(zone, date + time, points);
                }
            }

            foreach (var point in points.Where(p => p >= listedBefore && p < limit))
            {
                yield return point;
            }

            listedBefore = limit;
        }
    }

    private static void AddOccurrences(DateTimeZone zone, LocalDateTime local, SortedSet<Instant> points)
    {
        var mapping = zone.MapLocal(local);
        if (mapping.Count > 0)
        {
            points.Add(mapping.First().ToInstant());
            points.Add(mapping.Last().ToInstant());
        }

        // When the boundary is skipped or repeated, the clock jumps across it at the offset change, which can change
        // the state there: forward over a start opens, back over a start closes again until the start recurs.
        if (mapping.Count != 1)
        {
            points.Add(mapping.LateInterval.Start);
        }
    }
}
