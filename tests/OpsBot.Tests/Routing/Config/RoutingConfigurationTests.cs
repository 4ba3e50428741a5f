using Microsoft.Extensions.Configuration;
using OpsBot.Routing.Config;
using static OpsBot.Tests.Routing.RouterCases.RoutingTestData;

namespace OpsBot.Tests.Routing.Config;

public sealed class RoutingConfigurationTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("opsbot-config-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Load_ValidSettings()
    {
        var loaded = RoutingConfiguration.Load(Configuration(Settings()));

        var model = loaded.Model;
        Assert.Equal(["amer", "emea"], model.Teams.Keys.Order());
        Assert.Equal("emea", model.DefaultTeam);
        Assert.Equal("rule #1 'databases' {alertname=~\"Disk.*\"} matched", Assert.Single(model.Rules).Describe() + " matched");
        Assert.Equal(["db-*", "web-1"], model.Inventory.Entries.Select(e => e.Pattern));
        Assert.Equal("emea", model.ServiceTeams["checkout"]);
        Assert.Empty(loaded.Heartbeats);
    }

    [Fact]
    public void Load_DefaultHostLabels()
    {
        var model = RoutingConfiguration.Load(Configuration(Settings())).Model;

        Assert.Equal(["host", "hostname", "instance", "node", "nodename"], model.HostLabels);
    }

    [Fact]
    public void Load_ConfiguredHostLabelsReplaceTheDefaults()
    {
        var model = RoutingConfiguration.Load(Configuration(s =>
        {
            s["Routing:HostLabels:0"] = "fqdn";
            s["Routing:HostLabels:1"] = "instance";
        })).Model;

        Assert.Equal(["fqdn", "instance"], model.HostLabels);
    }

    [Fact]
    public void Load_HostLabelsAsInTeamsJsonAreNotDoubled()
    {
        var model = RoutingConfiguration.Load(Configuration(s =>
        {
            string[] labels = ["host", "hostname", "instance", "node", "nodename"];
            for (var i = 0; i < labels.Length; i++) s[$"Routing:HostLabels:{i}"] = labels[i];
        })).Model;

        Assert.Equal(["host", "hostname", "instance", "node", "nodename"], model.HostLabels);
    }

    [Fact]
    public void Load_BadSettingsThrowWithKeyAndSource()
    {
        var configuration = Configuration(s => s["Teams:emea:TimeZone"] = "Mars/Olympus");

        var e = Assert.Throws<InvalidConfigurationException>(() => RoutingConfiguration.Load(configuration));

        var issue = Assert.Single(e.Issues);
        Assert.Equal(
            new ConfigIssue("Teams:emea:TimeZone", "unknown time zone 'Mars/Olympus' (use an IANA name such as Europe/Berlin)") { Source = "in-memory settings" },
            issue);
        Assert.Equal(
            "in-memory settings: Teams:emea:TimeZone: unknown time zone 'Mars/Olympus' (use an IANA name such as Europe/Berlin)",
            issue.ToString());
        Assert.Equal("Invalid configuration:" + Environment.NewLine + "  " + issue, e.Message);
    }

    [Fact]
    public void Load_NoTeamsSection()
    {
        var configuration = Configuration(new Dictionary<string, string?> { ["Routing:DefaultTeam"] = "ops" });

        var e = Assert.Throws<InvalidConfigurationException>(() => RoutingConfiguration.Load(configuration));

        Assert.Equal(
            [
                ("Teams", "no teams are configured; describe at least one (see README, Teams)"),
                ("Routing:DefaultTeam", "unknown team 'ops' (teams: none)"),
            ],
            e.Issues.Select(i => (i.Key, i.Message)));
    }

    [Theory]
    [InlineData("Teams:emea:TimeZon", "Europe/Berlin", "Teams:emea",
        "'ErrorOnUnknownConfiguration' was set on the provided BinderOptions, but the following properties were not found on the instance of OpsBot.Routing.Config.TeamOptions: 'TimeZon'")]
    [InlineData("Teams:amer:Escalation:Levles", "2", "Teams:amer",
        "'ErrorOnUnknownConfiguration' was set on the provided BinderOptions, but the following properties were not found on the instance of OpsBot.Routing.Config.EscalationOptions: 'Levles'")]
    [InlineData("Teams:emea:Escalation:AckTimeout", "ten minutes", "Teams:emea",
        "Failed to convert configuration value 'ten minutes' at 'Teams:emea:Escalation:AckTimeout' to type 'System.TimeSpan'.")]
    [InlineData("Routing:DefaultTeem", "emea", "Routing",
        "'ErrorOnUnknownConfiguration' was set on the provided BinderOptions, but the following properties were not found on the instance of OpsBot.Routing.Config.RoutingOptions: 'DefaultTeem'")]
    public void Load_SettingThatDoesNotBindIsNamedAtItsTeam(string key, string value, string expectedKey, string expectedMessage)
    {
        var configuration = Configuration(s => s[key] = value);

        var e = Assert.Throws<InvalidConfigurationException>(() => RoutingConfiguration.Load(configuration));

        // Only the binding problem: no follow-on "unknown team" issues for the team that did not bind.
        Assert.Equal(new ConfigIssue(expectedKey, expectedMessage) { Source = "in-memory settings" }, Assert.Single(e.Issues));
    }

    [Fact]
    public void Load_SeveralProblemsAreReportedTogether()
    {
        var configuration = Configuration(s =>
        {
            s["Routing:DefaultTeam"] = "apac";
            s["Routing:Rules:0:Team"] = "apac";
            s["Teams:emea:OnCall:Overrides:0:Start"] = "2026-01-14T18:00";
            s["Teams:emea:OnCall:Overrides:0:End"] = "2026-01-15T09:00";
            s["Teams:emea:OnCall:Overrides:0:Member"] = "carol";
            s["Teams:amer:Escalation:Levels"] = "42";
            s["Heartbeats:watchdog:Match:0"] = "alertname==Watchdog";
            s["Heartbeats:watchdog:Interval"] = "00:00:00";
        });

        var e = Assert.Throws<InvalidConfigurationException>(() => RoutingConfiguration.Load(configuration));

        Assert.Equal(
            [
                "Teams:amer:Escalation:Levels",
                "Teams:emea:OnCall:Overrides:0:Member",
                "Routing:DefaultTeam",
                "Routing:Rules:0:Team",
                "Heartbeats:watchdog:Match:0",
                "Heartbeats:watchdog:Interval",
            ],
            e.Issues.Select(i => i.Key));
        Assert.All(e.Issues, i => Assert.Equal("in-memory settings", i.Source));
    }

    [Fact]
    public void Load_Heartbeats()
    {
        var configuration = Configuration(s =>
        {
            s["Heartbeats:watchdog:Match:0"] = "alertname=Watchdog";
            s["Heartbeats:watchdog:Interval"] = "00:05:00";
            s["Heartbeats:watchdog:Labels:severity"] = "critical";
        });

        var heartbeat = Assert.Single(RoutingConfiguration.Load(configuration).Heartbeats).Value;

        Assert.Equal("watchdog", heartbeat.Name);
        Assert.Equal(TimeSpan.FromMinutes(5), heartbeat.Interval);
    }

    [Fact]
    public void Load_IssueNamesTheJsonFileTheBadKeyCameFrom()
    {
        var teamsJson = Path.Combine(_dir.FullName, "teams.json");
        File.WriteAllText(teamsJson, """
            {
              "Teams": {
                "ops": {
                  "TimeZone": "Europe/Berln",
                  "BusinessHours": [ "Mon-Fri 09:00-17:00" ],
                  "Channels": [ { "Name": "alerts", "Slack": "C0OPS" } ]
                }
              }
            }
            """);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Routing:DefaultTeam"] = "opps" })
            .AddJsonFile(teamsJson, optional: false, reloadOnChange: false)
            .Build();

        var e = Assert.Throws<InvalidConfigurationException>(() => RoutingConfiguration.Load(configuration));

        Assert.Equal(2, e.Issues.Count);
        var zone = e.Issues[0];
        Assert.Equal("Teams:ops:TimeZone", zone.Key);
        Assert.Equal("teams.json", Path.GetFileName(zone.Source));
        Assert.Equal(teamsJson, Path.GetFullPath(zone.Source!));
        Assert.StartsWith(zone.Source + ": Teams:ops:TimeZone: unknown time zone 'Europe/Berln'", zone.ToString(), StringComparison.Ordinal);
        var defaultTeam = e.Issues[1];
        Assert.Equal(("Routing:DefaultTeam", "in-memory settings"), (defaultTeam.Key, defaultTeam.Source));
    }

    [Fact]
    public void SourceOf_LaterProviderWinsAndParentsCount()
    {
        var appsettings = Path.Combine(_dir.FullName, "appsettings.json");
        var teams = Path.Combine(_dir.FullName, "teams.json");
        File.WriteAllText(appsettings, """{ "Teams": { "ops": { "TimeZone": "UTC" } }, "Routing": { "DefaultTeam": "ops" } }""");
        File.WriteAllText(teams, """{ "Teams": { "ops": { "TimeZone": "Bad/Zone" } } }""");
        var configuration = new ConfigurationBuilder().AddJsonFile(appsettings).AddJsonFile(teams).Build();

        Assert.Equal(teams, Path.GetFullPath(ConfigSources.SourceOf(configuration, "Teams:ops:TimeZone")!));
        Assert.Equal(teams, Path.GetFullPath(ConfigSources.SourceOf(configuration, "Teams:ops:Channels")!)); // not set: its parent is
        Assert.Equal(appsettings, Path.GetFullPath(ConfigSources.SourceOf(configuration, "Routing:DefaultTeam")!));
        Assert.Null(ConfigSources.SourceOf(configuration, "Heartbeats:watchdog"));
    }
}
