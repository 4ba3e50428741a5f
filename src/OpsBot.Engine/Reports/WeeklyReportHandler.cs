using Microsoft.Extensions.Options;
using NodaTime;
using OpsBot.Notify;
using OpsBot.Routing;
using OpsBot.Scheduling;
using OpsBot.Storage;

namespace OpsBot.Reports;

/// <summary>
/// A team's report time came: the week that just ended is summed up in the team's first channel, with a link to the
/// full page, and the next report is scheduled. One durable timer per team, so a restart neither loses nor repeats it.
/// </summary>
public sealed class WeeklyReportHandler(ReportBuilder reports, Notifications notifications, DurableTimers timers, Router router,
    IOptions<WebConsole.ConsoleOptions> links, TimeProvider clock) : ITimerHandler
{
    public const string TimerKind = "weekly-report";
    public sealed record Payload(string Team);
    public static string KeyFor(string team) => $"weekly-report:{team}";

    public string Kind => TimerKind;

    public async Task HandleAsync(TimerRow timer, CancellationToken ct)
    {
        var team = System.Text.Json.JsonSerializer.Deserialize<Payload>(timer.Payload)!.Team;
        if (!router.Model.Teams.TryGetValue(team, out var model)) return; // removed from the configuration since
        var now = clock.GetUtcNow();
        var week = ReportWeek.Previous(ReportWeek.WeekOf(Instant.FromDateTimeOffset(now), model.Calendar.Zone));
        var report = await reports.BuildAsync(team, week, ct);
        var link = links.Value.LinkTo(team, week);
        notifications.Add(null, team, model.Channels[0], NotificationKind.Report, $"Weekly report for {team}, {week}", ReportExports.ChatSummary(report, link));
        await timers.ResetAsync(KeyFor(team), TimerKind, model.ReportSchedule.NextAfter(now, model.Calendar.Zone), new Payload(team), ct);
    }
}
