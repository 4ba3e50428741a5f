using OpsBot.Alerts;
using OpsBot.Handlers;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Handlers;

public sealed class HandlerCatalogTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("opsbot-handlers-");
    private readonly RecordingLogger<HandlerCatalog> _logger = new();

    public void Dispose() => _dir.Delete(recursive: true);

    private void Write(string file, string title, string match) =>
        File.WriteAllText(Path.Combine(_dir.FullName, file), $"title: \"{title}\"\nmatch:\n{match}runbook: [Look]\n");

    private HandlerCatalog Catalog() => new(_dir.FullName, ["host", "instance"], _logger);

    private static AlertContext Alert(AlertSource source = AlertSource.Alertmanager, params (string Name, string Value)[] labels) =>
        new(labels.ToDictionary(l => l.Name, l => l.Value), new Dictionary<string, string>(), source, null);

    [Fact]
    public void FindsByAlertNameExactly()
    {
        Write("disk.yaml", "disk", "  alertnames: [DiskFull, NodeFilesystemAlmostOutOfSpace]\n");
        using var catalog = Catalog();

        Assert.Equal("disk", catalog.Find(Alert(), "NodeFilesystemAlmostOutOfSpace")?.Name);
        Assert.Null(catalog.Find(Alert(), "diskfull"));
        Assert.Null(catalog.Find(Alert(), "CPUThrottlingHigh"));
    }

    [Fact]
    public void EveryMatcherMustHold()
    {
        Write("disk.yaml", "disk", "  alertnames: [DiskFull]\n  matchers: ['mountpoint!~\"/boot.*\"', 'severity=~\"critical|warning\"']\n");
        using var catalog = Catalog();

        Assert.NotNull(catalog.Find(Alert(labels: [("mountpoint", "/var"), ("severity", "critical")]), "DiskFull"));
        Assert.Null(catalog.Find(Alert(labels: [("mountpoint", "/boot/efi"), ("severity", "critical")]), "DiskFull"));
        Assert.Null(catalog.Find(Alert(labels: [("mountpoint", "/var"), ("severity", "info")]), "DiskFull"));
    }

    [Fact]
    public void MatchersAloneMatchAnyAlertName()
    {
        Write("team.yaml", "team", "  matchers: ['team=\"dba\"']\n");
        using var catalog = Catalog();

        Assert.Equal("team", catalog.Find(Alert(labels: ("team", "dba")), "Anything")?.Name);
        Assert.Null(catalog.Find(Alert(labels: ("team", "web")), "Anything"));
    }

    [Fact]
    public void SourcesRestrictTheMatch()
    {
        Write("paged.yaml", "paged", "  alertnames: [HostDown]\n  sources: [pagerduty, events]\n");
        using var catalog = Catalog();

        Assert.NotNull(catalog.Find(Alert(AlertSource.PagerDuty), "HostDown"));
        Assert.NotNull(catalog.Find(Alert(AlertSource.Events), "HostDown"));
        Assert.Null(catalog.Find(Alert(AlertSource.Alertmanager), "HostDown"));
    }

    [Fact]
    public void TheFirstMatchInFileNameOrderWins()
    {
        Write("b-general.yaml", "general", "  alertnames: [DiskFull]\n");
        Write("a-specific.yml", "specific", "  alertnames: [DiskFull]\n  matchers: ['mountpoint=\"/data\"']\n");
        using var catalog = Catalog();

        Assert.Equal(["a-specific", "b-general"], catalog.All.Select(h => h.Name));
        Assert.Equal("a-specific", catalog.Find(Alert(labels: ("mountpoint", "/data")), "DiskFull")?.Name);
        Assert.Equal("b-general", catalog.Find(Alert(labels: ("mountpoint", "/var")), "DiskFull")?.Name);
        Assert.Equal("b-general", catalog.Get("B-General")?.Name);
    }

    [Fact]
    public void ContextForTakesTheHostFromTheConfiguredLabels()
    {
        using var catalog = Catalog();

        var context = catalog.ContextFor(new Dictionary<string, string> { ["instance"] = "web-1:9100" }, new Dictionary<string, string>(), AlertSource.Alertmanager);

        Assert.Equal("web-1", context.Host);
    }

    [Fact]
    public async Task ReloadsWhenAFileChangesAndKeepsTheLastGoodVersionOfABrokenFile()
    {
        Write("disk.yaml", "first", "  alertnames: [DiskFull]\n");
        using var catalog = Catalog();
        Assert.Equal("first", catalog.Get("disk")?.Title);

        Write("disk.yaml", "second", "  alertnames: [DiskFull]\n");
        await WaitFor(catalog, c => c.Get("disk")?.Title == "second");

        Write("load.yaml", "load", "  alertnames: [HighLoad]\n");
        await WaitFor(catalog, c => c.Get("load") is not null);

        File.WriteAllText(Path.Combine(_dir.FullName, "disk.yaml"), "title: third\nmatch: {alertnames: [DiskFull]}\nrunbook: [Look]\nfix: {executor: ssh}\n");
        await WaitFor(catalog, c => c.Issues.Count > 0);
        Assert.Equal("second", catalog.Get("disk")?.Title);
        Assert.Contains(_logger.Warnings, w => w.Contains("fix.executor", StringComparison.Ordinal));

        File.Delete(Path.Combine(_dir.FullName, "disk.yaml"));
        await WaitFor(catalog, c => c.Get("disk") is null);
        Assert.Empty(catalog.Issues);
        Assert.Equal(["load"], catalog.All.Select(h => h.Name));
    }

    [Fact]
    public void AMissingDirectoryGivesAnEmptyCatalogue()
    {
        using var catalog = new HandlerCatalog(Path.Combine(_dir.FullName, "absent"), ["host"], _logger);

        Assert.Empty(catalog.All);
        Assert.Contains(_logger.Warnings, w => w.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void ResolveDirectoryFallsBackToTheCopyBesideTheBinary()
    {
        Assert.Equal(_dir.FullName, HandlerCatalog.ResolveDirectory(_dir.FullName));
        Assert.Equal("no-such-handlers", HandlerCatalog.ResolveDirectory("no-such-handlers"));

        var resolved = HandlerCatalog.ResolveDirectory(null);

        Assert.True(File.Exists(Path.Combine(resolved, "disk-full.yaml")), $"{resolved} holds no disk-full.yaml");
    }

    /// <summary>Waits for the watcher's reload, checking after each one, up to a deadline instead of a fixed sleep.</summary>
    private static async Task WaitFor(HandlerCatalog catalog, Func<HandlerCatalog, bool> condition)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(HandlerCatalog c)
        {
            if (condition(c)) done.TrySetResult();
        }
        catalog.Reloaded += Check;
        try
        {
            Check(catalog);
            await done.Task.WaitAsync(Deadline);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"the catalogue did not reload as expected within {Deadline}; titles: {string.Join(", ", catalog.All.Select(h => h.Title))}");
        }
        finally { catalog.Reloaded -= Check; }
    }
}
