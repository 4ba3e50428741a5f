using System.ComponentModel.DataAnnotations;
using NodaTime;
using NodaTime.Text;

namespace OpsBot.Reports;

/// <summary>The "Reports" section: how the weekly report counts, and the thresholds its suggestions use.</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH:mm");

    /// <summary>Local time, in the team's zone, from which a page outside business hours counts as waking someone up.</summary>
    [RegularExpression(@"^([01]\d|2[0-3]):[0-5]\d$")] public string SleepStart { get; set; } = "22:00";

    /// <summary>Local time at which sleep hours end; earlier than <see cref="SleepStart"/> means the range wraps midnight.</summary>
    [RegularExpression(@"^([01]\d|2[0-3]):[0-5]\d$")] public string SleepEnd { get; set; } = "07:00";

    /// <summary>An episode resolved this soon after it opened, with nobody acknowledging it, resolved by itself.</summary>
    public TimeSpan SelfResolveWithin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Weeks in the trend, this week included.</summary>
    [Range(1, 104)] public int TrendWeeks { get; set; } = 8;

    /// <summary>Occurrences in a week from which an alert is frequent enough for delete-or-rework and write-runbook.</summary>
    [Range(1, 100000)] public int NoisyThreshold { get; set; } = 5;

    /// <summary>History older than this is purged (open alerts are kept).</summary>
    [Range(1, 3650)] public int RetentionDays { get; set; } = 90;

    /// <summary>Default day and local time of the weekly report, e.g. "Mon 09:00" (see <see cref="ReportSchedule"/>).</summary>
    public string Schedule { get; set; } = "Mon 09:00";

    /// <summary>Share of episodes resolving by themselves from which an alert counts as "mostly self-resolved".</summary>
    [Range(0.0, 1.0)] public double SelfResolvedShare { get; set; } = 0.5;

    /// <summary>Flapping episodes in a week from which add-hysteresis is suggested.</summary>
    [Range(1, 1000)] public int FlappingThreshold { get; set; } = 2;

    /// <summary>Dry runs in a week, none failing, from which enable-fix is suggested.</summary>
    [Range(1, 1000)] public int DryRunThreshold { get; set; } = 3;

    /// <summary>Share of the team's pages one host must be behind for look-at-host.</summary>
    [Range(0.0, 1.0)] public double HostShare { get; set; } = 0.5;

    /// <summary>Pages one host must be behind for look-at-host, so a single page is no pattern.</summary>
    [Range(1, 100000)] public int HostMinPages { get; set; } = 3;

    public LocalTime SleepStartTime => Parse(SleepStart, nameof(SleepStart));

    public LocalTime SleepEndTime => Parse(SleepEnd, nameof(SleepEnd));

    /// <summary>Whether a local time falls in sleep hours; a range whose end is not after its start wraps midnight.</summary>
    public bool IsSleepTime(LocalTime time)
    {
        var (start, end) = (SleepStartTime, SleepEndTime);
        return start < end ? time >= start && time < end : time >= start || time < end;
    }

    private static LocalTime Parse(string text, string name)
    {
        var result = TimePattern.Parse(text ?? "");
        return result.Success ? result.Value : throw new FormatException($"Reports:{name} '{text}' is not a HH:mm time");
    }
}
