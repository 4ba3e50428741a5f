namespace OpsBot.Reports;

/// <summary>The per-alert rows of a week: one per alert name and owner, noisiest first.</summary>
internal static class ReportAlertFigures
{
    /// <summary>The week's alert rows grouped by name and owner, only those with something counted in the week.</summary>
    public static List<(string Name, string Owner, IReadOnlySet<long> Ids, ReportWeekView View)> Groups(ReportHistory history, ReportWeekView view) =>
        view.Members.Select(id => history.Alerts[id])
            .GroupBy(a => (a.Name, a.Owner))
            .Select(g => (g.Key.Name, g.Key.Owner, Ids: (IReadOnlySet<long>)g.Select(a => a.Id).ToHashSet(), View: view.For(g.Select(a => a.Id).ToHashSet())))
            .Where(g => !g.View.IsEmpty)
            .ToList();

    public static List<AlertFigures> Of(ReportHistory history, ReportWeekView view, ReportWeekView previous,
        Func<DateTimeOffset, PageHours> hoursOf, ReportOptions options)
    {
        var rows = new List<AlertFigures>();
        foreach (var (name, owner, ids, slice) in Groups(history, view))
        {
            var tally = Tally.Of(slice, hoursOf, options.SelfResolveWithin);
            // Ties go to the alphabetically first host, so the report reads the same every time it is built.
            var top = slice.Notifications.Where(n => Tally.IsPage(n.Kind) && history.Alerts[n.AlertId!.Value].Host is not null)
                .GroupBy(n => history.Alerts[n.AlertId!.Value].Host!)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (Host: g.Key, Pages: g.Count())).FirstOrDefault();
            var previousIds = previous.Members.Where(id => history.Alerts[id] is var a && a.Name == name && a.Owner == owner).ToHashSet();
            rows.Add(new AlertFigures(
                name, owner, tally.Occurrences, tally.Notifications, tally.Pages, tally.Business, tally.Off, tally.Sleep,
                tally.Mtta, tally.Mttr, tally.SelfResolved, tally.NeverAcknowledged, tally.Flapping, tally.Silenced, tally.Deferred,
                tally.Fixes, ids.Any(id => history.Alerts[id].HasRunbook), top.Host, top.Pages,
                previous.For(previousIds).Started.Count));
        }
        return [.. rows.OrderByDescending(a => a.Notifications).ThenByDescending(a => a.Occurrences)
            .ThenBy(a => a.AlertName, StringComparer.Ordinal).ThenBy(a => a.Owner, StringComparer.Ordinal)];
    }
}
