using System.Text;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using OpsBot.Alerts;
using OpsBot.Hosting.Verbs;
using OpsBot.Notify;
using OpsBot.Routing;
using OpsBot.Routing.Matching;
using OpsBot.Storage;

namespace OpsBot.Commands.Verbs;

public sealed class OnCallCommand(Router router, TimeProvider clock) : IOpsCommand
{
    public string Verb => "oncall";

    public Task<CommandReply> RunAsync(CommandCall call, CancellationToken ct)
    {
        var name = call.Words.FirstOrDefault();
        var teams = router.Model.Teams.Values.Where(t => name is null || string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (teams.Count == 0) throw new CommandUsage($"There is no team '{name}'. Teams: {string.Join(", ", router.Model.Teams.Keys.Order())}.");
        var now = Instant.FromDateTimeOffset(clock.GetUtcNow());
        var text = new StringBuilder();
        foreach (var team in teams.OrderBy(t => t.Name))
        {
            var hours = team.Calendar.IsOpen(now) ? "in business hours" : "out of business hours";
            if (team.Rotation is null)
            {
                text.Append($"{team.Name}: nobody on call (pages mention the channel); {hours}.\n");
                continue;
            }
            var shift = team.Rotation.At(now);
            var secondary = team.Secondary ?? shift.Secondary;
            text.Append($"{team.Name}: {Name(team, shift.Primary)} until {TimeText.Utc(shift.End.ToDateTimeOffset())}" +
                        $"{(shift.Overridden ? " (override)" : "")}, then secondary {(secondary is null ? "none" : Name(team, secondary))}; {hours}.\n");
        }
        return Task.FromResult(new CommandReply(text.ToString().TrimEnd()));
    }

    private static string Name(Routing.Model.Team team, string member) => team.Members.TryGetValue(member, out var m) ? m.Name : member;
}

/// <summary>/ops route-test name=value ...: where an alert with these labels would go now, and why.</summary>
public sealed class RouteTestCommand(Router router, TimeProvider clock) : IOpsCommand
{
    public string Verb => "route-test";

    public Task<CommandReply> RunAsync(CommandCall call, CancellationToken ct)
    {
        var labels = new Dictionary<string, string>();
        foreach (var word in call.Words)
        {
            var eq = word.IndexOf('=');
            if (eq <= 0) throw call.Usage($"'{word}' is not name=value.");
            labels[word[..eq]] = word[(eq + 1)..].Trim('"');
        }
        if (labels.Count == 0) throw call.Usage("Give at least one label.");
        var severity = SeverityParser.Parse(labels.GetValueOrDefault(LabelNames.Severity));
        var output = new StringWriter();
        RouteTestVerb.Print(output, labels, severity, router.Decide(labels, severity, clock.GetUtcNow()));
        return Task.FromResult(new CommandReply(output.ToString().TrimEnd()));
    }
}

/// <summary>What OpsBot knows about a host: its owner from the inventory and its open alerts. Diagnostics come with the handlers catalogue.</summary>
public sealed class HostCommand(OpsBotDbContext db, Router router) : IOpsCommand
{
    public string Verb => "host";

    public async Task<CommandReply> RunAsync(CommandCall call, CancellationToken ct)
    {
        var name = call.Words.FirstOrDefault() ?? throw call.Usage("Which host?");
        var stripped = HostNames.FromLabels(new Dictionary<string, string> { ["host"] = name }, ["host"]);
        if (stripped is null || stripped.Length > 253 || stripped.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')))
            throw call.Usage($"'{name}' is not a host name.");
        var entry = router.Model.Inventory.Find(stripped);
        if (entry is null) throw new CommandUsage($"{stripped} is not in the host inventory, so OpsBot will not look at it.");
        call.Target = "host " + stripped;
        var open = (await db.Alerts.AsNoTracking().Where(a => a.Status != AlertLifecycle.Resolved).ToListAsync(ct))
            .Where(a => HostNames.FromLabels(Dedupe.AlertStateMapper.Labels(a), router.Model.HostLabels) == stripped).ToList();
        var text = new StringBuilder($"{stripped}: owned by {entry.Team ?? "no team"} (inventory entry {entry.Pattern}).\n");
        text.Append(open.Count == 0 ? "No open alerts.\n" : $"Open alerts ({open.Count}):\n");
        foreach (var a in open.OrderByDescending(a => a.Severity))
            text.Append($"#{a.Id} [{a.Severity.ToString().ToLowerInvariant()}] {a.AlertName}: {a.Summary}\n");
        text.Append("Live diagnostics (load, memory, disks) come with the handlers catalogue, which is not installed here.");
        return new(text.ToString());
    }
}
