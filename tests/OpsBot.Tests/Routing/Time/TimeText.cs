using NodaTime;
using NodaTime.Text;
using OpsBot.Routing.Time;

namespace OpsBot.Tests.Routing.Time;

/// <summary>Reads the ISO text used in test tables, so rows can carry instants, dates and times as attribute strings.</summary>
internal static class TimeText
{
    private static readonly LocalDateTimePattern DateTimePattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm");

    public static Instant Instant(string text) => InstantPattern.ExtendedIso.Parse(text).GetValueOrThrow();

    public static Instant? OptionalInstant(string? text) => text is null ? null : Instant(text);

    public static LocalDate Date(string text) => LocalDatePattern.Iso.Parse(text).GetValueOrThrow();

    // Seconds only where a row needs them, so most rows read like the specs.
    public static LocalTime Time(string text) =>
        LocalTimePattern.ExtendedIso.Parse(text.Length == 5 ? text + ":00" : text).GetValueOrThrow();

    public static LocalDateTime DateTime(string text) => DateTimePattern.Parse(text).GetValueOrThrow();

    /// <summary>Business hours written as one string, specs separated by ';'.</summary>
    public static WeeklyHours Hours(string specs) =>
        WeeklyHours.Parse(specs.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public static LocalDate[] Dates(string? dates) =>
        dates is null ? [] : [.. dates.Split(',').Select(Date)];
}
