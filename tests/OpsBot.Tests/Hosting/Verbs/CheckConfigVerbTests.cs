using OpsBot.Hosting.Verbs;
using static OpsBot.Tests.Routing.RouterCases.RoutingTestData;

namespace OpsBot.Tests.Hosting.Verbs;

public sealed class CheckConfigVerbTests : IDisposable
{
    private readonly DirectoryInfo _handlers = Directory.CreateTempSubdirectory("opsbot-handlers-");
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        _handlers.Delete(recursive: true);
        _output.Dispose();
        _error.Dispose();
    }

    private int Run(Action<Dictionary<string, string?>>? change = null)
    {
        var configuration = Configuration(s =>
        {
            s["Handlers:Directory"] = _handlers.FullName;
            change?.Invoke(s);
        });
        return CheckConfigVerb.Run(configuration, ["check-config"], _output, _error);
    }

    private string Handler(string name, string yaml)
    {
        var path = Path.Combine(_handlers.FullName, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    private static string Lines(params string[] lines) => string.Concat(lines.Select(l => l + Environment.NewLine));

    [Fact]
    public void Run_GoodConfigurationPrintsASummary()
    {
        var exit = Run();

        Assert.Equal(0, exit);
        Assert.Equal(
            Lines($"check-config: OK: 2 team(s) (amer, emea), default emea, 1 rule(s), 2 host(s), 1 service(s), 0 heartbeat(s); 0 handler(s) in {_handlers.FullName}/"),
            _output.ToString());
        Assert.Equal("", _error.ToString());
    }

    [Fact]
    public void Run_CountsHandlerFilesAndIgnoresOthers()
    {
        Handler("disk.yaml", "title: Disk full\nmatch:\n  alertnames: [DiskFull]\nrunbook: [Free some space]\n");
        Handler("cpu.yml", "title: CPU\nmatch: {alertnames: [HighLoad]}\nrunbook: [Find the busy process]\n");
        Handler("README.md", "not yaml: [\n");

        var exit = Run();

        Assert.Equal(0, exit);
        Assert.EndsWith($"; 2 handler(s) in {_handlers.FullName}/" + Environment.NewLine, _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BadConfigurationNamesTheKey()
    {
        var exit = Run(s => s["Teams:emea:TimeZone"] = "Mars/Olympus");

        Assert.Equal(1, exit);
        Assert.Equal("", _output.ToString());
        Assert.Equal(
            Lines(
                "in-memory settings: Teams:emea:TimeZone: unknown time zone 'Mars/Olympus' (use an IANA name such as Europe/Berlin)",
                "check-config: 1 problem(s)"),
            _error.ToString());
    }

    [Fact]
    public void Run_MalformedHandlerNamesFileAndLine()
    {
        var path = Handler("disk.yaml", "title: disk\nmatch: DiskFull\n  runbook: https://runbooks.example/disk\n");

        var exit = Run();

        Assert.Equal(1, exit);
        Assert.Equal("", _output.ToString());
        // Line 3, column 10: the second ": " after an indented continuation of match's value.
        Assert.Equal(
            Lines($"{path}:3:10: While scanning a plain scalar value, found invalid mapping.", "check-config: 1 problem(s)"),
            _error.ToString());
    }

    [Fact]
    public void Run_HandlerThatIsNotAMapping()
    {
        var path = Handler("list.yml", "- name: disk\n- name: cpu\n");

        var exit = Run();

        Assert.Equal(1, exit);
        Assert.Equal(
            Lines($"{path}: a handler file holds one YAML mapping (title:, match:, runbook: ...)", "check-config: 1 problem(s)"),
            _error.ToString());
    }

    [Fact]
    public void Run_ConfigurationAndHandlerProblemsAreReportedTogether()
    {
        var path = Handler("empty.yaml", "");

        var exit = Run(s => s["Routing:DefaultTeam"] = "apac");

        Assert.Equal(1, exit);
        Assert.Equal(
            Lines(
                "in-memory settings: Routing:DefaultTeam: unknown team 'apac' (teams: amer, emea)",
                $"{path}: a handler file holds one YAML mapping (title:, match:, runbook: ...)",
                "check-config: 2 problem(s)"),
            _error.ToString());
    }
}
