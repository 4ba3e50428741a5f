using System.Globalization;

namespace OpsBot.Reports;

/// <summary>
/// What to change, from the figures alone (no database), each suggestion naming the figures that raised it. Rules:
/// <list type="bullet">
/// <item>delete-or-rework: at least Reports:NoisyThreshold occurrences, and none acknowledged or at least
/// SelfResolvedShare of them resolved by themselves.</item>
/// <item>route-to-chat: paged, never in business hours, and no occurrence acknowledged.</item>
/// <item>add-hysteresis: at least FlappingThreshold flapping episodes.</item>
/// <item>write-runbook: at least NoisyThreshold occurrences and no runbook.</item>
/// <item>enable-fix: at least DryRunThreshold dry runs and no failed or refused run.</item>
/// <item>look-at-host: one host behind at least HostShare of the team's pages and at least HostMinPages of them
/// (named on the alert with most pages from it).</item>
/// </list>
/// Ordered by the alert's place in the report (noisiest first), then in the order above.
/// </summary>
public static class ReportSuggestions
{
    public static IReadOnlyList<Suggestion> For(IReadOnlyList<AlertFigures> alerts, TeamFigures totals, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(totals);
        ArgumentNullException.ThrowIfNull(options);
        var hosts = Hosts(alerts, totals, options);
        var suggestions = new List<Suggestion>();
        foreach (var alert in alerts)
        {
            suggestions.AddRange(ForAlert(alert, options));
            foreach (var (host, pages) in hosts.Where(h => h.Value.Alert == alert).Select(h => (h.Key, h.Value.Pages)))
                suggestions.Add(new(alert.AlertName, "look-at-host", $"Look at {host}: it is behind most of the team's pages",
                    Text($"{pages} of {totals.Pages} pages came from {host}, {alert.TopHostPages} of them {alert.AlertName}")));
        }
        return suggestions;
    }

    private static IEnumerable<Suggestion> ForAlert(AlertFigures a, ReportOptions options)
    {
        var name = a.AlertName;
        var unacted = a.Occurrences > 0 && a.NeverAcknowledged == a.Occurrences;
        var mostlySelf = a.Occurrences > 0 && a.SelfResolved >= options.SelfResolvedShare * a.Occurrences;
        if (a.Occurrences >= options.NoisyThreshold && (unacted || mostlySelf))
            yield return new(name, "delete-or-rework",
                $"Nobody acts on {name}: candidate for deletion or a longer for:",
                Text($"{a.Occurrences} occurrences, {Acknowledged(a)}, {a.SelfResolved} resolved by themselves within {Minutes(options.SelfResolveWithin)}"));
        if (a.Pages > 0 && a.PagesBusinessHours == 0 && unacted)
            yield return new(name, "route-to-chat",
                $"{name} never needed action out of hours: notify in chat or add it to the digest instead of paging",
                Text($"{a.Pages} pages, all outside business hours ({a.PagesSleepHours} in sleep hours), {Acknowledged(a)}"));
        if (a.FlappingEpisodes >= options.FlappingThreshold)
            yield return new(name, "add-hysteresis",
                $"{name} flaps: add hysteresis or a longer for:",
                Text($"{a.FlappingEpisodes} flapping episodes in {a.Occurrences} occurrences"));
        if (a.Occurrences >= options.NoisyThreshold && !a.HasRunbook)
            yield return new(name, "write-runbook",
                $"Write a runbook for {name} (a handler in handlers/ or a runbook_url annotation)",
                Text($"{a.Occurrences} occurrences, no runbook"));
        if (a.Fixes.DryRun >= options.DryRunThreshold && a.Fixes.Failed == 0 && a.Fixes.Refused == 0)
            yield return new(name, "enable-fix",
                $"Turn the fix for {name} on (approve)",
                Text($"{a.Fixes.DryRun} dry runs, none failed or refused"));
    }

    /// <summary>Hosts behind enough of the team's pages, each with the alert that paged most from it.</summary>
    private static Dictionary<string, (AlertFigures Alert, int Pages)> Hosts(IReadOnlyList<AlertFigures> alerts, TeamFigures totals, ReportOptions options) =>
        alerts.Where(a => a.TopHost is not null && a.TopHostPages > 0)
            .GroupBy(a => a.TopHost!, StringComparer.Ordinal)
            .Select(g => (Host: g.Key, Pages: g.Sum(a => a.TopHostPages), Alert: g.OrderByDescending(a => a.TopHostPages).First()))
            .Where(h => h.Pages >= options.HostMinPages && totals.Pages > 0 && h.Pages >= options.HostShare * totals.Pages)
            .ToDictionary(h => h.Host, h => (h.Alert, h.Pages), StringComparer.Ordinal);

    private static string Acknowledged(AlertFigures a) =>
        a.NeverAcknowledged == a.Occurrences ? "none acknowledged" : Text($"{a.NeverAcknowledged} never acknowledged");

    internal static string Minutes(TimeSpan span) => Text($"{span.TotalMinutes:0.#} minutes");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
