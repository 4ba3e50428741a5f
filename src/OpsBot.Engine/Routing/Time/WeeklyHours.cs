using NodaTime;

namespace OpsBot.Routing.Time;

/// <summary>
/// Opening hours that repeat every week, on the local wall clock and without a time zone, e.g. "Mon-Fri 09:00-17:30".
/// A range whose end is at or before its start runs past midnight: "Sun-Tue 22:00-06:00" is open from Sunday 22:00 to
/// Monday 06:00, Monday 22:00 to Tuesday 06:00 and Tuesday 22:00 to Wednesday 06:00.
/// </summary>
public sealed class WeeklyHours
{
    private readonly WeeklyRange[] ranges;

    private WeeklyHours(WeeklyRange[] ranges)
    {
        this.ranges = ranges;
    }

    /// <summary>True when the hours never open (parsed from an empty list).</summary>
    public bool IsEmpty => ranges.Length == 0;

    /// <summary>
    /// Parses specs of the form "&lt;days&gt; &lt;HH:mm&gt;-&lt;HH:mm&gt;". Days are Mon..Sun (any case), separated by commas,
    /// with ranges such as Mon-Fri that may wrap (Sat-Mon). 24:00 is allowed as an end only. An empty list is valid
    /// and never opens.
    /// </summary>
    /// <exception cref="FormatException">A spec is malformed; the message quotes it and says what is wrong.</exception>
    public static WeeklyHours Parse(IEnumerable<string> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);

        var ranges = new List<WeeklyRange>();
        foreach (var spec in specs)
        {
            var parsed = DayTimeSpecParser.Parse(spec);
            ranges.AddRange(parsed.Days.Select(day => new WeeklyRange(day, parsed.StartMinute, parsed.EndMinute)));
        }

        return new WeeklyHours([.. ranges]);
    }

    /// <summary>
    /// Whether the wall-clock <paramref name="time"/> on <paramref name="day"/> lies in a range, start included and end
    /// excluded. An overnight range covers its own day's evening and the following day's morning.
    /// </summary>
    public bool Contains(IsoDayOfWeek day, LocalTime time)
    {
        if (day is < IsoDayOfWeek.Monday or > IsoDayOfWeek.Sunday)
        {
            throw new ArgumentOutOfRangeException(nameof(day), day, "use Monday..Sunday");
        }

        var nanosecondOfDay = time.NanosecondOfDay;
        foreach (var range in ranges)
        {
            if (range.Covers(day, nanosecondOfDay))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Ranges with the same times are grouped and their days compacted (Mon,Tue,Wed → Mon-Wed), sorted by first day, and
    /// joined with "; ", so splitting on "; " and parsing again gives the same hours. Empty hours print as "".
    /// </summary>
    public override string ToString()
    {
        var groups = ranges
            .GroupBy(r => (r.StartMinute, r.EndMinute))
            .Select(g => (Days: g.Select(r => r.Day).ToHashSet(), g.Key.StartMinute, g.Key.EndMinute))
            .OrderBy(g => g.Days.Min())
            .ThenBy(g => g.StartMinute)
            .Select(g => $"{FormatDays(g.Days)} {DayTimeSpecParser.FormatMinute(g.StartMinute)}-{FormatEnd(g.EndMinute)}");
        return string.Join("; ", groups);
    }

    /// <summary>The wall-clock times on a day of the week at which the hours may open or close.</summary>
    internal IEnumerable<LocalTime> BoundariesOn(IsoDayOfWeek day) => ranges.SelectMany(r => r.BoundariesOn(day));

    private static string FormatEnd(int endMinute) =>
        endMinute == DayTimeSpecParser.MinutesPerDay ? "24:00" : DayTimeSpecParser.FormatMinute(endMinute % DayTimeSpecParser.MinutesPerDay);

    private static string FormatDays(HashSet<IsoDayOfWeek> days)
    {
        if (days.Count == 7)
        {
            return "Mon-Sun";
        }

        // Each run of consecutive days starts where the previous day is missing; runs may wrap past Sunday.
        var runs = new List<string>();
        foreach (var first in days.Where(d => !days.Contains(PreviousDay(d))).Order())
        {
            var last = first;
            while (days.Contains(DayTimeSpecParser.NextDay(last)))
            {
                last = DayTimeSpecParser.NextDay(last);
            }

            runs.Add(first == last
                ? DayTimeSpecParser.DayName(first)
                : $"{DayTimeSpecParser.DayName(first)}-{DayTimeSpecParser.DayName(last)}");
        }

        return string.Join(",", runs);
    }

    private static IsoDayOfWeek PreviousDay(IsoDayOfWeek day) => day == IsoDayOfWeek.Monday ? IsoDayOfWeek.Sunday : day - 1;
}
