using OpsBot.Reports;

namespace OpsBot.Tests.WebConsole;

/// <summary>Made-up reports whose every figure is distinct, so a test can find each one on the page.</summary>
internal static class ConsoleSamples
{
    public static readonly DateTimeOffset From = new(2026, 11, 23, 0, 0, 0, TimeSpan.FromHours(1));

    public static TeamFigures Totals(int seed) => new(
        Alerts: seed + 1, Occurrences: seed + 2, Notifications: seed + 3, Pages: seed + 4, PagesBusinessHours: seed + 5, PagesOffHours: seed + 6,
        PagesSleepHours: seed + 7, MeanTimeToAcknowledge: TimeSpan.FromMinutes(seed + 8), MeanTimeToResolve: TimeSpan.FromHours(2) + TimeSpan.FromMinutes(seed),
        SelfResolved: seed + 9, NeverAcknowledged: seed + 10, FlappingEpisodes: seed + 11, Silenced: seed + 12, Deferred: seed + 13,
        Fixes: new FixFigures(seed + 14, seed + 15, seed + 16, seed + 17));

    public static AlertFigures Alert(string name, int notifications, int seed = 0) => new(
        name, "ops", Occurrences: 301 + seed, Notifications: notifications, Pages: 303 + seed, PagesBusinessHours: 304 + seed, PagesOffHours: 305 + seed,
        PagesSleepHours: 306 + seed, MeanTimeToAcknowledge: TimeSpan.FromMinutes(7), MeanTimeToResolve: TimeSpan.FromMinutes(95),
        SelfResolved: 307 + seed, NeverAcknowledged: 308 + seed, FlappingEpisodes: 309 + seed, Silenced: 310 + seed, Deferred: 311 + seed,
        Fixes: new FixFigures(312 + seed, 313 + seed, 314 + seed, 315 + seed), HasRunbook: false, TopHost: "db-7", TopHostPages: 316 + seed,
        PreviousOccurrences: 317 + seed);

    public static int[][] Hours(Func<int, int, int> value) =>
        Enumerable.Range(0, 7).Select(d => Enumerable.Range(0, 24).Select(h => value(d, h)).ToArray()).ToArray();

    public static WeeklyReport Report(IReadOnlyList<AlertFigures>? alerts = null, IReadOnlyList<WeekCount>? trend = null, int[][]? hours = null,
        IReadOnlyList<Suggestion>? suggestions = null) => new()
    {
        Team = "ops",
        Week = "2026-W48",
        TimeZone = "Europe/Berlin",
        From = From,
        To = From.AddDays(7),
        Totals = Totals(100),
        PreviousTotals = Totals(200),
        Alerts = alerts ?? [Alert("DiskFull", 50), Alert("CpuHigh", 80, seed: 100)],
        PagesByHour = hours ?? Hours((d, h) => d == 2 && h == 3 ? 9 : 0),
        Trend = trend ?? [new WeekCount("2026-W47", 40, 4), new WeekCount("2026-W48", 60, 6)],
        Suggestions = suggestions ?? [new Suggestion("DiskFull", "delete-or-rework", "Nobody acts on it: delete it or make it actionable.",
            "14 occurrences, none acknowledged, 12 resolved by themselves within 5 minutes")],
    };
}
