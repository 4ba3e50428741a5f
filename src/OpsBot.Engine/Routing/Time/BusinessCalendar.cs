using NodaTime;

namespace OpsBot.Routing.Time;

/// <summary>
/// Weekly hours in one time zone, minus holidays. Everything is decided on the zone's wall clock: an instant is open
/// when its local weekday and time fall in the hours and its local date is not a holiday.
/// </summary>
/// <remarks>
/// <para>
/// A holiday closes its whole local date, 00:00 to 24:00. That includes the morning tail of an overnight range that
/// started the evening before, and an overnight range that starts on a holiday is closed until midnight and opens
/// at 00:00 on the next date if that date is not a holiday.
/// </para>
/// <para>
/// Across offset changes the wall clock decides too. On a spring-forward night a range starting at a skipped time
/// (01:30 in London on 2026-03-29) opens when the clocks resume (02:00 BST). On a fall-back night a start in the
/// repeated hour opens at its first occurrence; because the clock then runs back to before the start, the calendar is
/// closed again until the start comes round the second time, and <see cref="NextOpening"/> reports that as a new period.
/// </para>
/// </remarks>
public sealed class BusinessCalendar
{
    // How far NextOpening and CurrentPeriodEnd look: over a year, so a long run of holidays or a yearly opening is
    // still found, while a calendar that never changes state still gives an answer.
    private const int SearchDays = 400;

    private readonly WeeklyHours hours;
    private readonly HashSet<LocalDate> holidays;

    /// <param name="zone">The zone whose wall clock the hours and holidays are read on.</param>
    /// <param name="hours">The weekly opening hours.</param>
    /// <param name="holidays">Local dates that are closed all day.</param>
    public BusinessCalendar(DateTimeZone zone, WeeklyHours hours, IEnumerable<LocalDate> holidays)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentNullException.ThrowIfNull(holidays);
        Zone = zone;
        this.hours = hours;
        this.holidays = [.. holidays];
    }

    public DateTimeZone Zone { get; }

    public bool IsOpen(Instant at)
    {
        var local = at.InZone(Zone).LocalDateTime;
        return !holidays.Contains(local.Date) && hours.Contains(local.DayOfWeek, local.TimeOfDay);
    }

    /// <summary>
    /// The first instant strictly after <paramref name="after"/> at which the calendar goes from closed to open. When
    /// open at <paramref name="after"/>, that is the start of the period after the current one. Null when it does not
    /// open within 400 local dates (empty hours, a year of holidays, or hours that are never closed).
    /// </summary>
    public Instant? NextOpening(Instant after)
    {
        if (hours.IsEmpty)
        {
            return null;
        }

        var wasOpen = IsOpen(after);
        foreach (var point in ChangePointsAfter(after))
        {
            var open = IsOpen(point);
            if (open && !wasOpen)
            {
                return point;
            }

            wasOpen = open;
        }

        return null;
    }

    /// <summary>
    /// When open at <paramref name="at"/>, the instant the calendar closes. Null when closed, and also when it does not
    /// close within 400 local dates (hours open round the clock with no holidays).
    /// </summary>
    public Instant? CurrentPeriodEnd(Instant at)
    {
        if (!IsOpen(at))
        {
            return null;
        }

        foreach (var point in ChangePointsAfter(at))
        {
            if (!IsOpen(point))
            {
                return point;
            }
        }

        return null;
    }

    // Midnight is always a boundary because holidays start and end there.
    private IEnumerable<Instant> ChangePointsAfter(Instant after) => WallClockChangePoints.After(
        Zone, after, SearchDays, date => hours.BoundariesOn(date.DayOfWeek).Prepend(LocalTime.Midnight));
}
