using Microsoft.Extensions.Options;
using NodaTime;
using OpsBot.Reports;
using OpsBot.Routing;

namespace OpsBot.Commands.Verbs;

/// <summary>/ops report [team] [week]: the weekly report's summary now (last week, and the asker's team, by default).</summary>
public sealed class ReportCommand(ReportBuilder reports, Router router, IOptions<WebConsole.ConsoleOptions> links, TimeProvider clock) : IOpsCommand
{
    public string Verb => "report";

    public async Task<CommandReply> RunAsync(CommandCall call, CancellationToken ct)
    {
        var words = call.Words;
        var team = words.FirstOrDefault(w => router.Model.Teams.ContainsKey(w))
                   ?? call.Context.Person?.Teams.Order().FirstOrDefault() ?? router.Model.DefaultTeam;
        var weekText = words.FirstOrDefault(w => !router.Model.Teams.ContainsKey(w)) ?? "last";
        if (words.Length > 2 || !router.Model.Teams.TryGetValue(team, out var model)) throw call.Usage("Give a team and a week such as 2026-W47, this or last.");
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        if (!ReportWeek.TryParse(weekText, now, model.Calendar.Zone, out var week)) throw call.Usage($"'{weekText}' is not a week like 2026-W47, this or last.");
        call.Target = $"report {team} {week}";
        var report = await reports.BuildAsync(team, week, ct);
        return new(ReportExports.ChatSummary(report, links.Value.LinkTo(team, week)));
    }
}
