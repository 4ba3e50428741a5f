using Microsoft.Extensions.Configuration;
using OpsBot.Heartbeats;
using OpsBot.Routing.Matching;
using OpsBot.Routing.Model;

namespace OpsBot.Routing.Config;

/// <summary>Reads and validates the Routing, Teams and Heartbeats sections; every problem comes back with its key and file.</summary>
public static class RoutingConfiguration
{
    public sealed record Loaded(RoutingModel Model, IReadOnlyDictionary<string, Heartbeat> Heartbeats);

    /// <exception cref="InvalidConfigurationException">naming every problem found.</exception>
    public static Loaded Load(IConfiguration configuration)
    {
        var issues = new List<ConfigIssue>();
        var routing = Bind<RoutingOptions>(configuration, RoutingOptions.Section, issues) ?? new RoutingOptions();
        // The binder appends configured list items to a list's default items; configured host labels replace the defaults.
        if (configuration.GetSection($"{RoutingOptions.Section}:HostLabels").Get<List<string>>() is { } hostLabels) routing.HostLabels = hostLabels;
        // Team by team, so a misspelt setting is reported at its team's key (and file) and the other teams still bind.
        var teams = new Dictionary<string, TeamOptions>(StringComparer.OrdinalIgnoreCase);
        foreach (var team in configuration.GetSection(TeamOptions.Section).GetChildren())
        {
            if (Bind<TeamOptions>(configuration, team.Path, issues) is { } options) teams[team.Key] = options;
        }
        RoutingModel? model = null;
        // A section that did not bind would only add follow-on issues (unknown teams, missing defaults), so validate once it does.
        if (issues.Count == 0)
        {
            var builder = new RoutingModelBuilder();
            model = builder.Build(routing, teams);
            issues.AddRange(builder.Issues);
        }
        var heartbeats = LoadHeartbeats(configuration, issues);
        if (issues.Count > 0 || model is null) throw new InvalidConfigurationException(ConfigSources.Locate(configuration, issues));
        return new Loaded(model, heartbeats);
    }

    private static Dictionary<string, Heartbeat> LoadHeartbeats(IConfiguration configuration, List<ConfigIssue> issues)
    {
        var options = Bind<Dictionary<string, HeartbeatOptions>>(configuration, HeartbeatOptions.Section, issues) ?? [];
        var heartbeats = new Dictionary<string, Heartbeat>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, o) in options)
        {
            var key = $"{HeartbeatOptions.Section}:{name}";
            var matchers = new List<LabelMatcher>();
            for (var i = 0; i < o.Match.Count; i++)
            {
                try { matchers.Add(LabelMatcher.Parse(o.Match[i])); }
                catch (FormatException e) { issues.Add(new ConfigIssue($"{key}:Match:{i}", e.Message)); }
            }
            if (o.Interval < TimeSpan.FromSeconds(1)) issues.Add(new ConfigIssue($"{key}:Interval", "must be at least 00:00:01"));
            heartbeats[name] = new Heartbeat(name, matchers, o.Interval, o.Labels);
        }
        return heartbeats;
    }

    private static T? Bind<T>(IConfiguration configuration, string section, List<ConfigIssue> issues) where T : class
    {
        try { return configuration.GetSection(section).Get<T>(o => o.ErrorOnUnknownConfiguration = true); }
        catch (InvalidOperationException e)
        {
            // The outer message only says that binding failed; the inner one names the setting or value.
            issues.Add(new ConfigIssue(section, (e.InnerException as InvalidOperationException ?? e).Message));
            return null;
        }
    }
}
