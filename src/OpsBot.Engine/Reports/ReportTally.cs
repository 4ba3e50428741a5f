using NodaTime;
using OpsBot.Notify;
using OpsBot.Routing.Time;
using OpsBot.Storage;

namespace OpsBot.Reports;

internal enum PageHours { Business, Off, Sleep }

/// <summary>The counts shared by <see cref="TeamFigures"/> and <see cref="AlertFigures"/>, taken from one week's view.</summary>
internal sealed record Tally(
    int Occurrences, int Notifications, int Pages, int Business, int Off, int Sleep, TimeSpan? Mtta, TimeSpan? Mttr,
    int SelfResolved, int NeverAcknowledged, int Flapping, int Silenced, int Deferred, FixFigures Fixes)
{
    private static readonly string[] Notified = [NotificationKind.Page, NotificationKind.Notify, NotificationKind.Escalation];

    public static bool IsPage(string kind) => kind is NotificationKind.Page or NotificationKind.Escalation;

    public static bool IsNotification(string kind) => Notified.Contains(kind);

    public static Tally Of(ReportWeekView view, Func<DateTimeOffset, PageHours> hoursOf, TimeSpan selfResolveWithin)
    {
        var notifications = view.Notifications.Where(n => IsNotification(n.Kind)).ToList();
        var pages = notifications.Where(n => IsPage(n.Kind)).Select(n => hoursOf(n.At)).ToList();
        var acknowledged = view.Started.Where(e => e.Acknowledged is not null).Select(e => e.Acknowledged!.Value - e.Start);
        var resolved = view.Resolved.Select(e => e.Resolved!.Value - e.Start);
        return new Tally(
            view.Started.Count, notifications.Count, pages.Count,
            pages.Count(p => p == PageHours.Business), pages.Count(p => p == PageHours.Off), pages.Count(p => p == PageHours.Sleep),
            Mean(acknowledged), Mean(resolved),
            view.Started.Count(e => e.Acknowledged is null && e.Resolved is { } r && r - e.Start <= selfResolveWithin),
            view.Started.Count(e => e.Acknowledged is null),
            view.Notifications.Count(n => n.Kind == NotificationKind.Flapping),
            view.Routes.Count(r => r.Urgency == "silenced"),
            view.Routes.Count(r => r.Urgency == "digest"),
            new FixFigures(
                view.Fixes.Count(f => f.State == FixRunState.DryRun),
                view.Fixes.Count(f => f.State is FixRunState.Succeeded or FixRunState.Verified),
                view.Fixes.Count(f => f.State is FixRunState.Failed or FixRunState.Unresolved),
                view.Fixes.Count(f => f.State == FixRunState.Refused)));
    }

    /// <summary>
    /// Business hours when the team's calendar is open; otherwise sleep hours when the local time is in the sleep range;
    /// otherwise off hours. A page at a time the clocks repeat (fall-back) counts in that local hour, both times.
    /// </summary>
    public static Func<DateTimeOffset, PageHours> Classifier(BusinessCalendar calendar, ReportOptions options) => at =>
    {
        var instant = TimeZones.ToInstant(at);
        if (calendar.IsOpen(instant)) return PageHours.Business;
        return options.IsSleepTime(instant.InZone(calendar.Zone).TimeOfDay) ? PageHours.Sleep : PageHours.Off;
    };

    public TeamFigures ToTeam(int alerts) => new(
        alerts, Occurrences, Notifications, Pages, Business, Off, Sleep, Mtta, Mttr, SelfResolved, NeverAcknowledged, Flapping,
        Silenced, Deferred, Fixes);

    private static TimeSpan? Mean(IEnumerable<TimeSpan> spans)
    {
        var list = spans.ToList();
        return list.Count == 0 ? null : TimeSpan.FromTicks((long)list.Average(s => (double)s.Ticks));
    }
}
