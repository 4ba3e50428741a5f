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

/// <summary>/ops host: owner, live figures with what looks wrong, open alerts. Only hosts in the inventory are looked at.</summary>
public sealed class HostCommand(Enrich.HostLookup hosts) : IOpsCommand
{
    public string Verb => "host";

    public async Task<CommandReply> RunAsync(CommandCall call, CancellationToken ct)
    {
        var name = call.Words.FirstOrDefault() ?? throw call.Usage("Which host?");
        Enrich.HostLookup.Result found;
        try { found = await hosts.FindAsync(name, ct); }
        catch (ArgumentException e) { throw new CommandUsage(e.Message + "."); }
        call.Target = "host " + found.Host;
        return new(Enrich.HostLookup.Render(found));
    }
}
