using OpsBot.Alerts;
using OpsBot.Routing.Matching;
using OpsBot.Routing.Model;
using OpsBot.Routing.Time;

namespace OpsBot.Routing.Config;

/// <summary>Turns the Routing and Teams sections into a <see cref="RoutingModel"/>, collecting every problem rather than stopping at the first.</summary>
public sealed class RoutingModelBuilder : ConfigReader
{
    /// <summary>The model, or null when there were issues.</summary>
    public RoutingModel? Build(RoutingOptions routing, IReadOnlyDictionary<string, TeamOptions> teamOptions)
    {
        var teams = new Dictionary<string, Team>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, options) in teamOptions)
        {
            if (new TeamBuilder(this).Build(name, options, $"{TeamOptions.Section}:{name}") is { } team) teams[name] = team;
        }
        if (teamOptions.Count == 0) Add(TeamOptions.Section, "no teams are configured; describe at least one (see README, Teams)");

        var defaultTeam = routing.DefaultTeam;
        if (string.IsNullOrWhiteSpace(defaultTeam)) Add($"{RoutingOptions.Section}:DefaultTeam", "required: the team that gets alerts no rule claims");
        else RequireTeam(teamOptions, defaultTeam, $"{RoutingOptions.Section}:DefaultTeam");

        var rules = routing.Rules.Select((r, i) => BuildRule(r, i, teamOptions, teams)).OfType<OwnershipRule>().ToList();
        var inventory = BuildInventory(routing, teamOptions);
        var services = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < routing.Services.Count; i++)
        {
            var service = routing.Services[i];
            var key = $"{RoutingOptions.Section}:Services:{i}";
            if (string.IsNullOrWhiteSpace(service.Name)) Add($"{key}:Name", "required");
            else if (RequireTeam(teamOptions, service.Team, $"{key}:Team")) services[service.Name] = service.Team;
        }
        if (routing.HostLabels.Count == 0) Add($"{RoutingOptions.Section}:HostLabels", "name at least one label that carries the host");

        if (Issues.Count > 0) return null;
        return new RoutingModel
        {
            Teams = teams,
            Rules = rules,
            Inventory = inventory,
            ServiceTeams = services,
            DefaultTeam = teams[defaultTeam].Name,
            HostLabels = routing.HostLabels,
            ServiceLabel = routing.ServiceLabel,
        };
    }

    private OwnershipRule? BuildRule(OwnershipRuleOptions options, int index, IReadOnlyDictionary<string, TeamOptions> teamOptions, Dictionary<string, Team> teams)
    {
        var key = $"{RoutingOptions.Section}:Rules:{index}";
        var before = Issues.Count;
        var matchers = new List<LabelMatcher>();
        if (options.Match.Count == 0) Add($"{key}:Match", "a rule needs at least one matcher such as alertname=~\"Disk.*\"");
        for (var i = 0; i < options.Match.Count; i++)
        {
            try { matchers.Add(LabelMatcher.Parse(options.Match[i])); }
            catch (FormatException e) { Add($"{key}:Match:{i}", e.Message); }
        }
        var names = options.Teams.Count > 0 ? options.Teams : options.Team is { Length: > 0 } one ? [one] : [];
        if (names.Count == 0) Add($"{key}:Team", "a rule names a Team (or Teams for follow-the-sun)");
        if (options.Team is { Length: > 0 } && options.Teams.Count > 0) Add($"{key}:Team", "give Team or Teams, not both");
        var teamKey = options.Teams.Count > 0 ? $"{key}:Teams" : $"{key}:Team";
        for (var i = 0; i < names.Count; i++) RequireTeam(teamOptions, names[i], options.Teams.Count > 0 ? $"{teamKey}:{i}" : teamKey);
        if (options.Channel is { Length: > 0 } channel)
        {
            foreach (var name in names.Where(teams.ContainsKey).Where(n => !teams[n].HasChannel(channel)))
                Add($"{key}:Channel", $"team '{name}' has no channel '{channel}' (channels: {Known(teams[name].Channels.Select(c => c.Name))})");
        }
        if (Issues.Count > before) return null;
        var resolved = names.Select(n => teams.TryGetValue(n, out var t) ? t.Name : n).ToList();
        return new OwnershipRule(index + 1, options.Name ?? string.Join(",", resolved), matchers, resolved, Blank(options.Channel), options.Continue);
    }

    private HostInventory BuildInventory(RoutingOptions routing, IReadOnlyDictionary<string, TeamOptions> teamOptions)
    {
        var entries = new List<HostEntry>();
        for (var i = 0; i < routing.Hosts.Count; i++)
        {
            var h = routing.Hosts[i];
            var key = $"{RoutingOptions.Section}:Hosts:{i}";
            if (string.IsNullOrWhiteSpace(h.Pattern)) { Add($"{key}:Pattern", "required: a host name or a pattern such as db-*"); continue; }
            if (h.Team is { Length: > 0 } team && !RequireTeam(teamOptions, team, $"{key}:Team")) continue;
            if (h.Team is not { Length: > 0 } && h.Service is not { Length: > 0 }) Add(key, "a host entry names a Team or a Service");
            entries.Add(new HostEntry(h.Pattern, Blank(h.Team), Blank(h.Service), Blank(h.Environment)));
        }
        return new HostInventory(entries);
    }

    private bool RequireTeam(IReadOnlyDictionary<string, TeamOptions> teams, string? name, string key)
    {
        if (name is { Length: > 0 } && teams.Keys.Any(t => string.Equals(t, name, StringComparison.OrdinalIgnoreCase))) return true;
        Add(key, $"unknown team '{name}' (teams: {Known(teams.Keys)})");
        return false;
    }
}
