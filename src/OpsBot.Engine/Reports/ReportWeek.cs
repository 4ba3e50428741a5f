using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Calendars;

namespace OpsBot.Reports;

/// <summary>
/// ISO weeks ("2026-W48") read on a team's wall clock: Monday 00:00 local to the next Monday 00:00 local, so a week
/// with a DST change is 167 or 169 hours long.
/// </summary>
public static partial class ReportWeek
{
    private static readonly IWeekYearRule Iso = WeekYearRules.Iso;

    /// <summary>The week's start and end as instants (UTC offsets), the end exclusive.</summary>
    /// <exception cref="FormatException">Not an ISO week such as "2026-W48".</exception>
    public static (DateTimeOffset From, DateTimeOffset To) Bounds(string isoWeek, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var monday = Monday(isoWeek);
        // AtStartOfDay, not At(midnight): in zones whose clocks change at midnight, 00:00 may not exist that day.
        return (zone.AtStartOfDay(monday).ToDateTimeOffset().ToUniversalTime(),
            zone.AtStartOfDay(monday.PlusWeeks(1)).ToDateTimeOffset().ToUniversalTime());
    }

    /// <summary>The ISO week the instant falls in on the zone's wall clock.</summary>
    public static string WeekOf(Instant at, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return Format(at.InZone(zone).Date);
    }

    /// <summary>The ISO week of a local date.</summary>
    public static string Format(LocalDate date) =>
        string.Create(CultureInfo.InvariantCulture, $"{Iso.GetWeekYear(date):D4}-W{Iso.GetWeekOfWeekYear(date):D2}");

    /// <summary>Reads "2026-W48" (also "2026-w48", "2026W48"), normalised to "2026-W48"; false for a week the year does not have.</summary>
    public static bool TryParse(string? text, out string isoWeek)
    {
        isoWeek = "";
        var match = WeekPattern().Match(text?.Trim() ?? "");
        if (!match.Success) return false;
        var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var week = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        if (year < 1 || week < 1 || week > Iso.GetWeeksInWeekYear(year)) return false;
        isoWeek = string.Create(CultureInfo.InvariantCulture, $"{year:D4}-W{week:D2}");
        return true;
    }

    /// <summary>As <see cref="TryParse(string?, out string)"/>, plus "this" and "last", the weeks of and before <paramref name="now"/> in <paramref name="zone"/>.</summary>
    public static bool TryParse(string? text, Instant now, DateTimeZone zone, out string isoWeek)
    {
        ArgumentNullException.ThrowIfNull(zone);
        switch (text?.Trim().ToLowerInvariant())
        {
            case "this":
                isoWeek = WeekOf(now, zone);
                return true;
            case "last":
                isoWeek = Previous(WeekOf(now, zone));
                return true;
            default:
                return TryParse(text, out isoWeek);
        }
    }

    public static string Previous(string isoWeek) => Format(Monday(isoWeek).PlusWeeks(-1));

    public static string Next(string isoWeek) => Format(Monday(isoWeek).PlusWeeks(1));

    /// <summary>The Monday that starts the week.</summary>
    /// <exception cref="FormatException">Not an ISO week such as "2026-W48".</exception>
    public static LocalDate Monday(string isoWeek)
    {
        if (!TryParse(isoWeek, out var normal)) throw new FormatException($"'{isoWeek}' is not an ISO week such as 2026-W48");
        var year = int.Parse(normal[..4], CultureInfo.InvariantCulture);
        var week = int.Parse(normal[6..], CultureInfo.InvariantCulture);
        return Iso.GetLocalDate(year, week, IsoDayOfWeek.Monday);
    }

    [GeneratedRegex(@"^(\d{4})-?[Ww](\d{1,2})$")]
    private static partial Regex WeekPattern();
}
