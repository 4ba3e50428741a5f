using NodaTime;

namespace OpsBot.Routing.Time;

/// <summary>
/// One opening that starts on <see cref="Day"/>. Minutes count from that day's midnight, so an overnight range ends
/// above 1440 and reaches into the next day's morning.
/// </summary>
internal readonly record struct WeeklyRange(IsoDayOfWeek Day, int StartMinute, int EndMinute)
{
    private const long NanosecondsPerMinute = 60L * 1_000_000_000L;

    public bool Covers(IsoDayOfWeek day, long nanosecondOfDay)
    {
        if (day == Day)
        {
            var endToday = Math.Min(EndMinute, DayTimeSpecParser.MinutesPerDay);
            return nanosecondOfDay >= StartMinute * NanosecondsPerMinute && nanosecondOfDay < endToday * NanosecondsPerMinute;
        }

        return EndMinute > DayTimeSpecParser.MinutesPerDay
            && day == DayTimeSpecParser.NextDay(Day)
            && nanosecondOfDay < (EndMinute - DayTimeSpecParser.MinutesPerDay) * NanosecondsPerMinute;
    }

    /// <summary>The wall-clock times on <paramref name="day"/> at which this range opens or closes.</summary>
    public IEnumerable<LocalTime> BoundariesOn(IsoDayOfWeek day)
    {
        if (day == Day)
        {
            yield return AsTime(StartMinute);
            if (EndMinute < DayTimeSpecParser.MinutesPerDay)
            {
                yield return AsTime(EndMinute);
            }
        }

        // An end of exactly 24:00 is the next midnight, which callers always treat as a boundary anyway.
        if (EndMinute > DayTimeSpecParser.MinutesPerDay && day == DayTimeSpecParser.NextDay(Day))
        {
            yield return AsTime(EndMinute - DayTimeSpecParser.MinutesPerDay);
        }
    }

    private static LocalTime AsTime(int minuteOfDay) => new(minuteOfDay / 60, minuteOfDay % 60);
}
