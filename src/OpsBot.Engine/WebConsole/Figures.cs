namespace OpsBot.WebConsole;

/// <summary>How figures read on the pages: one spelling of durations, times and changes everywhere.</summary>
internal static class Figures
{
    public static string Duration(TimeSpan? span)
    {
        if (span is not { } d) return "—";
        if (d < TimeSpan.Zero) d = d.Negate();
        if (d.TotalMinutes < 1) return $"{(int)d.TotalSeconds}s";
        if (d.TotalHours < 1) return $"{d.Minutes}m {d.Seconds:00}s";
        if (d.TotalDays < 1) return $"{d.Hours}h {d.Minutes:00}m";
        return $"{(int)d.TotalDays}d {d.Hours}h";
    }

    public static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm zzz");

    public static string Change(int now, int before) => (now - before) switch
    {
        0 => "±0",
        > 0 and var up => $"+{up}" + Percent(up, before),
        var down => $"−{-down}" + Percent(down, before),
    };

    public static string ChangeClass(int now, int before) => now > before ? "up" : now < before ? "down" : "muted";

    public static string Change(TimeSpan? now, TimeSpan? before) =>
        now is { } n && before is { } b ? (n == b ? "±0" : (n > b ? "+" : "−") + Duration(n - b)) : "—";

    private static string Percent(int delta, int before) => before == 0 ? "" : $" ({Math.Abs(delta) * 100.0 / before:0}%)";
}
