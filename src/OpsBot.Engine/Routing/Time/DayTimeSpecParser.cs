using System.Globalization;
using NodaTime;

namespace OpsBot.Routing.Time;

/// <summary>
/// Reads the "&lt;days&gt; &lt;HH:mm&gt;-&lt;HH:mm&gt;" form shared by business hours and maintenance windows, so both accept
/// and reject the same text with the same messages.
/// </summary>
internal static class DayTimeSpecParser
{
    public const int MinutesPerDay = 24 * 60;

    private const string Expected = "expected '<days> <HH:mm>-<HH:mm>' such as 'Mon-Fri 09:00-17:30'";

    // Indexed by IsoDayOfWeek - 1; also the spelling used when printing.
    private static readonly string[] DayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    public static DayTimeSpec Parse(string? spec)
    {
        if (spec is null)
        {
            throw new FormatException($"a spec is null; {Expected}");
        }

        var parts = spec.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            throw Bad(spec, Expected);
        }

        var days = ParseDays(spec, parts[0]);
        var (start, end) = ParseTimes(spec, parts[1]);
        return new DayTimeSpec(days, start, end);
    }

    public static string DayName(IsoDayOfWeek day) => DayNames[(int)day - 1];

    public static IsoDayOfWeek NextDay(IsoDayOfWeek day) => day == IsoDayOfWeek.Sunday ? IsoDayOfWeek.Monday : day + 1;

    public static string FormatMinute(int minuteOfDay) =>
        string.Create(CultureInfo.InvariantCulture, $"{minuteOfDay / 60:00}:{minuteOfDay % 60:00}");

    private static IsoDayOfWeek[] ParseDays(string spec, string daysText)
    {
        var days = new SortedSet<IsoDayOfWeek>();
        foreach (var item in daysText.Split(','))
        {
            var ends = item.Split('-');
            if (ends.Length > 2)
            {
                throw Bad(spec, $"bad day range '{item}' (use two days such as Mon-Fri)");
            }

            var first = ParseDay(spec, daysText, ends[0]);
            var last = ends.Length == 2 ? ParseDay(spec, daysText, ends[1]) : first;

            // Ranges run forward through the week and wrap, so Sat-Mon is the weekend plus Monday, not Mon..Sat.
            for (var day = first; ; day = NextDay(day))
            {
                days.Add(day);
                if (day == last)
                {
                    break;
                }
            }
        }

        return [.. days];
    }

    private static IsoDayOfWeek ParseDay(string spec, string daysText, string name)
    {
        if (name.Length == 0)
        {
            throw Bad(spec, $"missing day name in '{daysText}'");
        }

        var index = Array.FindIndex(DayNames, known => string.Equals(known, name, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            throw Bad(spec, $"unknown day '{name}' (use Mon..Sun)");
        }

        return (IsoDayOfWeek)(index + 1);
    }

    private static (int Start, int End) ParseTimes(string spec, string timesText)
    {
        var ends = timesText.Split('-');
        if (ends.Length != 2)
        {
            throw Bad(spec, $"bad time range '{timesText}' (use HH:mm-HH:mm)");
        }

        var start = ParseMinute(spec, ends[0]);
        var end = ParseMinute(spec, ends[1]);
        if (start == MinutesPerDay)
        {
            throw Bad(spec, "24:00 can only end a range (start at 00:00 instead)");
        }

        // Equal times are more likely a slip than a deliberate 24 hours, and 00:00-24:00 already says "all day".
        if (end == start)
        {
            throw Bad(spec, $"start and end are both {ends[0]} (write 00:00-24:00 for a whole day)");
        }

        // An end at or before the start is on the next day.
        return (start, end > start ? end : end + MinutesPerDay);
    }

    private static int ParseMinute(string spec, string text)
    {
        var wellFormed = text.Length == 5 && text[2] == ':'
            && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[1]) && char.IsAsciiDigit(text[3]) && char.IsAsciiDigit(text[4]);
        var hour = wellFormed ? ((text[0] - '0') * 10) + (text[1] - '0') : -1;
        var minute = wellFormed ? ((text[3] - '0') * 10) + (text[4] - '0') : -1;
        var inRange = (hour is >= 0 and <= 23 && minute is >= 0 and <= 59) || (hour == 24 && minute == 0);
        if (!inRange)
        {
            throw Bad(spec, $"bad time '{text}' (use HH:mm from 00:00 to 23:59, or 24:00 as an end)");
        }

        return (hour * 60) + minute;
    }

    private static FormatException Bad(string spec, string reason) => new($"\"{spec}\": {reason}");
}
