using OpsBot.Hosting.Verbs;
using static OpsBot.Tests.Routing.RouterCases.RoutingTestData;

namespace OpsBot.Tests.Handlers;

/// <summary>check-config validates every handler with the loader and names file and key.</summary>
public sealed class HandlerCheckConfigTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("opsbot-handlers-");
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        _dir.Delete(recursive: true);
        _output.Dispose();
        _error.Dispose();
    }

    private int Run(string? directory = null) =>
        CheckConfigVerb.Run(Configuration(s => s["Handlers:Directory"] = directory ?? _dir.FullName), ["check-config"], _output, _error);

    [Fact]
    public void CheckConfig_ReportsABadHandlerWithItsKey()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "good.yaml"), "title: ok\nmatch: {alertnames: [A]}\nrunbook: [Look]\n");
        var bad = Path.Combine(_dir.FullName, "disk-full.yaml");
        File.WriteAllText(bad, "title: Disk full\nmatch: {alertnames: [DiskFull]}\nrunbook: [Look]\nfix: {executor: ssh, description: x}\n");

        var exit = Run();

        Assert.Equal(1, exit);
        Assert.Equal("", _output.ToString());
        Assert.Equal(
            $"{bad}: fix.executor: 'ssh' is not one of ssh-command, systemd-restart, k8s-rollout-restart, http{Environment.NewLine}check-config: 1 problem(s){Environment.NewLine}",
            _error.ToString());
    }

    [Fact]
    public void CheckConfig_AcceptsTheRepositoryHandlers()
    {
        var exit = Run(HandlerExamples.Directory);

        Assert.Equal(0, exit);
        var count = OpsBot.Handlers.HandlerLoader.Files(HandlerExamples.Directory).Count;
        Assert.EndsWith($"; {count} handler(s) in {HandlerExamples.Directory}/{Environment.NewLine}", _output.ToString(), StringComparison.Ordinal);
    }
}
