using System.Text.Json;
using OpsBot.Hosting.Verbs;
using static OpsBot.Tests.Routing.RouterCases.RoutingTestData;

namespace OpsBot.Tests.Hosting.Verbs;

public sealed class RouteTestVerbTests : IDisposable
{
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        _output.Dispose();
        _error.Dispose();
    }

    private int Run(params string[] args) => RouteTestVerb.Run(Configuration(Settings()), ["route-test", .. args], _output, _error);

    private static string Lines(params string[] lines) => string.Concat(lines.Select(l => l + Environment.NewLine));

    [Fact]
    public void Run_PrintsTeamUrgencyOnCallAndReasons()
    {
        // Wednesday 10:00 Berlin is 04:00 in New York; erin has amer's second week.
        var exit = Run("alertname=DiskFull", "severity=critical", "instance=db-3:9100", "--at", "2026-01-14T10:00:00+01:00");

        Assert.Equal(0, exit);
        Assert.Equal("", _error.ToString());
        Assert.Equal(
            Lines(
                "{alertname=\"DiskFull\", severity=\"critical\", instance=\"db-3:9100\"} severity critical at 2026-01-14 09:00:00Z",
                "host db-3, service -, environment prod",
                "-> amer #amer-alerts (discord 900): PAGE @erin",
                "   rule #1 'databases' {alertname=~\"Disk.*\"} matched",
                "   Wed 2026-01-14 04:00 America/New_York: out of business hours",
                "   policy critical: page in hours, page out of hours (default)",
                "   on call: erin, secondary dan"),
            _output.ToString());
    }

    [Fact]
    public void Run_WarningOnFridayEveningGoesToMondaysDigest()
    {
        var exit = Run("alertname=HighLatency", "instance=\"web-1:8080\"", "--at", "2026-01-09T18:00:00+01:00");

        Assert.Equal(0, exit);
        Assert.Equal(
            Lines(
                "{alertname=\"HighLatency\", instance=\"web-1:8080\"} severity warning at 2026-01-09 17:00:00Z",
                "host web-1, service checkout, environment -",
                "-> emea #emea-alerts (slack C0EMEA): DIGEST",
                "   service catalogue: service 'checkout' of host 'web-1'",
                "   Fri 2026-01-09 18:00 Europe/Berlin: out of business hours",
                "   policy warning: notify in hours, digest out of hours (default)",
                "   deferred to the digest at Mon 2026-01-12 09:00 Europe/Berlin"),
            _output.ToString());
    }

    [Fact]
    public void Run_JsonPrintsTheDecision()
    {
        var exit = Run("alertname=DiskFull", "severity=error", "--json", "--at", "2026-01-14T18:00:00+01:00");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(_output.ToString());
        var target = json.RootElement.GetProperty("Targets")[0];
        Assert.Equal("amer", target.GetProperty("Team").GetString());
        Assert.Equal("page", target.GetProperty("Urgency").GetString()); // 12:00 in New York
        Assert.True(target.GetProperty("InBusinessHours").GetBoolean());
        Assert.Equal("dan", target.GetProperty("OnCall").GetProperty("Secondary").GetProperty("Id").GetString());
    }

    [Theory]
    [InlineData(new[] { "nonsense" }, "route-test: cannot read 'nonsense'")]
    [InlineData(new[] { "=DiskFull" }, "route-test: cannot read '=DiskFull'")]
    [InlineData(new string[0], "route-test: give at least one label")]
    [InlineData(new[] { "--json" }, "route-test: give at least one label")]
    [InlineData(new[] { "alertname=DiskFull", "--at", "yesterday" }, "route-test: cannot read '--at'")]
    [InlineData(new[] { "alertname=DiskFull", "--at" }, "route-test: cannot read '--at'")]
    [InlineData(new[] { "alertname=DiskFull", "--verbose" }, "route-test: cannot read '--verbose'")]
    public void Run_BadArgumentsExitTwoWithUsage(string[] args, string expectedError)
    {
        var exit = Run(args);

        Assert.Equal(2, exit);
        Assert.Equal("", _output.ToString());
        Assert.Equal(Lines(expectedError, "usage: route-test name=value [name=value ...] [--at <ISO 8601 time>] [--json]"), _error.ToString());
    }

    [Fact]
    public void Run_BadConfigurationExitsOneWithTheProblem()
    {
        var configuration = Configuration(s => s["Teams:emea:TimeZone"] = "Mars/Olympus");

        var exit = RouteTestVerb.Run(configuration, ["route-test", "alertname=DiskFull", "--at", "2026-01-14T10:00:00Z"], _output, _error);

        Assert.Equal(1, exit);
        Assert.Equal("", _output.ToString());
        Assert.Equal(
            Lines(
                "Invalid configuration:",
                "  in-memory settings: Teams:emea:TimeZone: unknown time zone 'Mars/Olympus' (use an IANA name such as Europe/Berlin)"),
            _error.ToString());
    }

    [Theory]
    [InlineData(new[] { "check-config" }, "check-config")]
    [InlineData(new[] { "route-test", "alertname=X" }, "route-test")]
    [InlineData(new[] { "--urls", "http://localhost:5000" }, null)]
    [InlineData(new[] { "Route-Test" }, null)]
    [InlineData(new string[0], null)]
    public void HostVerbs_FindTheVerbInTheFirstArgument(string[] args, string? expected)
    {
        Assert.Equal(expected, HostVerbs.Find(args));
    }
}
