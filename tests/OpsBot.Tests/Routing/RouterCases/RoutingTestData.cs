using System.Globalization;
using Microsoft.Extensions.Configuration;
using OpsBot.Routing;
using OpsBot.Routing.Config;
using OpsBot.Routing.Model;

namespace OpsBot.Tests.Routing.RouterCases;

/// <summary>
/// A small routing world shared by the router, configuration and verb tests:
/// <list type="bullet">
/// <item>emea: Europe/Berlin, Mon-Fri 09:00-17:00, alice → bob → carol weekly from Monday 2026-01-05 09:00, dave outside the rotation;</item>
/// <item>amer: America/New_York, Mon-Fri 09:00-17:00, dan → erin weekly from Monday 2026-01-05 09:00;</item>
/// <item>ops: UTC, Mon-Fri 09:00-17:00, nobody on call; the default team.</item>
/// </list>
/// Hosts: db-* → amer (prod), db-7 → emea, web-? → service checkout (staging). Services: checkout → emea, search → amer.
/// </summary>
/// <remarks>January 2026 is winter on both sides: Berlin is UTC+1, New York UTC-5. Wednesday 2026-01-14 09:00Z is 10:00 in Berlin, 04:00 in New York.</remarks>
internal static class RoutingTestData
{
    public static RoutingOptions RoutingSection() => new()
    {
        DefaultTeam = "ops",
        Hosts =
        [
            new HostOptions { Pattern = "db-*", Team = "amer", Environment = "prod" },
            new HostOptions { Pattern = "db-7", Team = "emea" },
            new HostOptions { Pattern = "web-?", Service = "checkout", Environment = "staging" },
        ],
        Services =
        [
            new ServiceOptions { Name = "checkout", Team = "emea" },
            new ServiceOptions { Name = "search", Team = "amer" },
        ],
    };

    public static Dictionary<string, TeamOptions> Teams() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["emea"] = Emea(),
        ["amer"] = Amer(),
        ["ops"] = Ops(),
    };

    public static TeamOptions Emea() => new()
    {
        TimeZone = "Europe/Berlin",
        BusinessHours = ["Mon-Fri 09:00-17:00"],
        Channels =
        [
            new ChannelOptions { Name = "emea-alerts", Slack = "C0EMEA" },
            new ChannelOptions { Name = "emea-oncall", Slack = "C0EMEAPAGE" },
        ],
        Members =
        [
            new MemberOptions { Id = "alice", Name = "Alice A", Slack = "U0ALICE" },
            new MemberOptions { Id = "bob", Name = "Bob B", Slack = "U0BOB" },
            new MemberOptions { Id = "carol", Name = "Carol C", Slack = "U0CAROL" },
            new MemberOptions { Id = "dave", Name = "Dave D", Slack = "U0DAVE" },
        ],
        OnCall = new OnCallOptions
        {
            Rotation = ["alice", "bob", "carol"],
            HandoverEvery = "Week",
            HandoverDay = "Monday",
            HandoverTime = "09:00",
            Start = "2026-01-05",
        },
        Escalation = new EscalationOptions { AckTimeout = TimeSpan.FromMinutes(15), Levels = 2 },
    };

    public static TeamOptions Amer() => new()
    {
        TimeZone = "America/New_York",
        BusinessHours = ["Mon-Fri 09:00-17:00"],
        Channels = [new ChannelOptions { Name = "amer-alerts", Slack = "C0AMER", Discord = "900" }],
        Members =
        [
            new MemberOptions { Id = "dan", Discord = "111" },
            new MemberOptions { Id = "erin", Discord = "222" },
        ],
        OnCall = new OnCallOptions { Rotation = ["dan", "erin"], Start = "2026-01-05" },
    };

    public static TeamOptions Ops() => new()
    {
        TimeZone = "UTC",
        BusinessHours = ["Mon-Fri 09:00-17:00"],
        Channels = [new ChannelOptions { Name = "ops-alerts", Slack = "C0OPS" }],
    };

    public static OwnershipRuleOptions Rule(string team, params string[] match) => new() { Team = team, Match = [.. match] };

    /// <summary>Builds the model and fails the test with the issues when there are any.</summary>
    public static RoutingModel Build(RoutingOptions routing, IReadOnlyDictionary<string, TeamOptions> teams)
    {
        var builder = new RoutingModelBuilder();
        var model = builder.Build(routing, teams);
        Assert.Empty(builder.Issues);
        return Assert.IsType<RoutingModel>(model);
    }

    /// <summary>The shared world, changed by <paramref name="routing"/> and <paramref name="teams"/> before it is built.</summary>
    public static Router Router(Action<RoutingOptions>? routing = null, Action<Dictionary<string, TeamOptions>>? teams = null)
    {
        var routingOptions = RoutingSection();
        var teamOptions = Teams();
        routing?.Invoke(routingOptions);
        teams?.Invoke(teamOptions);
        return new Router(Build(routingOptions, teamOptions));
    }

    public static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.None);

    /// <summary>Labels written as name=value pairs.</summary>
    public static Dictionary<string, string> Labels(params string[] pairs) =>
        pairs.Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    /// <summary>
    /// The same world in configuration-key form (as appsettings and teams.json would give it), trimmed to two teams:
    /// emea (default) and amer, one rule, two hosts, one service.
    /// </summary>
    public static Dictionary<string, string?> Settings() => new()
    {
        ["Routing:DefaultTeam"] = "emea",
        ["Routing:Rules:0:Name"] = "databases",
        ["Routing:Rules:0:Match:0"] = "alertname=~\"Disk.*\"",
        ["Routing:Rules:0:Team"] = "amer",
        ["Routing:Hosts:0:Pattern"] = "db-*",
        ["Routing:Hosts:0:Team"] = "amer",
        ["Routing:Hosts:0:Environment"] = "prod",
        ["Routing:Hosts:1:Pattern"] = "web-1",
        ["Routing:Hosts:1:Service"] = "checkout",
        ["Routing:Services:0:Name"] = "checkout",
        ["Routing:Services:0:Team"] = "emea",
        ["Teams:emea:TimeZone"] = "Europe/Berlin",
        ["Teams:emea:BusinessHours:0"] = "Mon-Fri 09:00-17:00",
        ["Teams:emea:Channels:0:Name"] = "emea-alerts",
        ["Teams:emea:Channels:0:Slack"] = "C0EMEA",
        ["Teams:emea:Members:0:Id"] = "alice",
        ["Teams:emea:Members:0:Slack"] = "U0ALICE",
        ["Teams:emea:Members:1:Id"] = "bob",
        ["Teams:emea:Members:1:Slack"] = "U0BOB",
        ["Teams:emea:OnCall:Rotation:0"] = "alice",
        ["Teams:emea:OnCall:Rotation:1"] = "bob",
        ["Teams:emea:OnCall:Start"] = "2026-01-05",
        ["Teams:amer:TimeZone"] = "America/New_York",
        ["Teams:amer:BusinessHours:0"] = "Mon-Fri 09:00-17:00",
        ["Teams:amer:Channels:0:Name"] = "amer-alerts",
        ["Teams:amer:Channels:0:Discord"] = "900",
        ["Teams:amer:Members:0:Id"] = "dan",
        ["Teams:amer:Members:1:Id"] = "erin",
        ["Teams:amer:OnCall:Rotation:0"] = "dan",
        ["Teams:amer:OnCall:Rotation:1"] = "erin",
        ["Teams:amer:OnCall:Start"] = "2026-01-05",
    };

    public static IConfigurationRoot Configuration(IEnumerable<KeyValuePair<string, string?>> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    public static IConfigurationRoot Configuration(Action<Dictionary<string, string?>> change)
    {
        var settings = Settings();
        change(settings);
        return Configuration(settings);
    }
}
