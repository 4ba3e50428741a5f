using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace OpsBot.Reports;

/// <summary>When a team's weekly report goes out: a day and a local time, e.g. "Mon 09:00", in the team's zone.</summary>
public sealed record ReportSchedule(IsoDayOfWeek Day, LocalTime Time)
{
    public static readonly ReportSchedule Default = new(IsoDayOfWeek.Monday, new LocalTime(9, 0));

    public static bool TryParse(string? text, out ReportSchedule schedule)
    {
        schedule = Default;
        var parts = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2) return false;
        var day = Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None)
            .FirstOrDefault(d => d.ToString().StartsWith(parts[0], StringComparison.OrdinalIgnoreCase) && parts[0].Length >= 3);
        var time = LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(parts[1]);
        if (day == IsoDayOfWeek.None || !time.Success) return false;
        schedule = new ReportSchedule(day, time.Value);
        return true;
    }

    /// <summary>The first moment after <paramref name="after"/> that is this day and time in <paramref name="zone"/> (a time skipped by DST moves forward).</summary>
    public DateTimeOffset NextAfter(DateTimeOffset after, DateTimeZone zone)
    {
        var local = Instant.FromDateTimeOffset(after).InZone(zone).Date;
        for (var i = 0; i <= 7; i++)
        {
            var date = local.PlusDays(i);
            if (date.DayOfWeek != Day) continue;
            var at = zone.AtLeniently(date + Time).ToDateTimeOffset();
            if (at > after) return at;
        }
        return zone.AtLeniently(local.PlusDays(7).Next(Day) + Time).ToDateTimeOffset();
    }

    public override string ToString() => $"{Day.ToString()[..3]} {Time.ToString("HH:mm", CultureInfo.InvariantCulture)}";
}
