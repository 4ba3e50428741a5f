using NodaTime;

namespace OpsBot.Routing.Time;

/// <summary>
/// A window that starts at a local time on some weekdays and lasts a wall-clock length, e.g. a maintenance window
/// "Sun 02:00-04:00". The end is the start's wall-clock time plus the length, so a 2-hour window from 00:30 on a
/// spring-forward night ends at 02:30 local, one hour later in real time.
/// </summary>
/// <remarks>
/// Both ends map to instants like the rest of this namespace: a skipped time happens when the clocks resume, a
/// repeated one at its first occurrence. Occurrences that overlap (length over a day) are reported latest first.
/// </remarks>
public sealed class RecurringWindow
{
    // Longer windows on a weekly pattern would overlap themselves with no clear meaning.
    private static readonly Duration LongestLength = Duration.FromDays(7);

    private readonly DateTimeZone zone;
    private readonly HashSet<IsoDayOfWeek> days;
    private readonly LocalTime start;
    private readonly Period wallClockLength;
    private readonly int daysToLookBack;

    /// <exception cref="ArgumentException">No days, or a day that is not Monday..Sunday.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A length that is not positive or is longer than 7 days.</exception>
    public RecurringWindow(DateTimeZone zone, IReadOnlySet<IsoDayOfWeek> days, LocalTime start, Duration length)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(days);
        if (days.Count == 0)
        {
            throw new ArgumentException("a window needs at least one day", nameof(days));
        }

        if (days.Any(d => d is < IsoDayOfWeek.Monday or > IsoDayOfWeek.Sunday))
        {
            throw new ArgumentException("days must be Monday..Sunday", nameof(days));
        }

        if (length <= Duration.Zero || length > LongestLength)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "the length must be more than zero and at most 7 days");
        }

        this.zone = zone;
        this.days = [.. days];
        this.start = start;
        wallClockLength = Period.FromNanoseconds(length.ToInt64Nanoseconds());

        // An occurrence can still be running this many local dates after the one it started on (plus one for offsets).
        daysToLookBack = (int)Math.Ceiling(length.TotalDays) + 1;
    }

    /// <summary>Parses "&lt;days&gt; &lt;HH:mm&gt;-&lt;HH:mm&gt;" as for business hours; an end at or before the start is on the next day.</summary>
    /// <exception cref="FormatException">A malformed spec, including equal start and end times.</exception>
    public static RecurringWindow Parse(string spec, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var parsed = DayTimeSpecParser.Parse(spec);
        return new RecurringWindow(
            zone,
            parsed.Days.ToHashSet(),
            new LocalTime(parsed.StartMinute / 60, parsed.StartMinute % 60),
            Duration.FromMinutes(parsed.EndMinute - parsed.StartMinute));
    }

    /// <summary>The occurrence whose [start, end) contains <paramref name="at"/>, or null; it may have started on the previous day.</summary>
    public (Instant Start, Instant End)? OccurrenceAt(Instant at)
    {
        // From one date ahead (a repeated hour over midnight) back to the oldest start that could still be running.
        var today = at.InZone(zone).Date;
        for (var date = today.PlusDays(1); date >= today.PlusDays(-daysToLookBack); date = date.PlusDays(-1))
        {
            if (!days.Contains(date.DayOfWeek))
            {
                continue;
            }

            var occurrence = OccurrenceOn(date);
            if (occurrence.Start <= at && at < occurrence.End)
            {
                return occurrence;
            }
        }

        return null;
    }

    /// <summary>The start of the first occurrence strictly after <paramref name="after"/>.</summary>
    public Instant NextStart(Instant after)
    {
        // Starting a day early covers a start the clock ran back past; two weeks is more than any weekly pattern needs.
        var today = after.InZone(zone).Date;
        for (var date = today.PlusDays(-1); date <= today.PlusDays(14); date = date.PlusDays(1))
        {
            if (days.Contains(date.DayOfWeek) && OccurrenceOn(date).Start > after)
            {
                return OccurrenceOn(date).Start;
            }
        }

        throw new InvalidOperationException("no occurrence within two weeks; the constructor requires at least one day");
    }

    private (Instant Start, Instant End) OccurrenceOn(LocalDate date)
    {
        var localStart = date + start;
        return (WallClock.ToInstant(zone, localStart), WallClock.ToInstant(zone, localStart + wallClockLength));
    }
}
