using Microsoft.Extensions.Logging.Abstractions;
using OpsBot.Handlers;

namespace OpsBot.Tests.Handlers;

/// <summary>Every handler in the repository loads cleanly and renders its example alert exactly as recorded.</summary>
public sealed class HandlerCatalogueFilesTests
{
    [Fact]
    public void EveryHandlerFileLoadsWithoutIssues()
    {
        var (handlers, issues) = HandlerLoader.LoadDirectory(HandlerExamples.Directory);

        Assert.Empty(issues.Select(i => i.ToString()));
        Assert.True(handlers.Count >= 12, $"expected at least twelve handlers, found {handlers.Count}");
        Assert.All(handlers, h => Assert.NotEqual(FixPolicy.Auto, h.Fix?.Policy ?? FixPolicy.DryRun));
        Assert.All(handlers.Where(h => h.Fix is not null), h => Assert.Equal(FixPolicy.DryRun, h.Fix!.Policy));
    }

    [Theory]
    [MemberData(nameof(HandlerExamples.HandlerNames), MemberType = typeof(HandlerExamples))]
    public void ExampleAlertRendersAsExpected(string name)
    {
        var alertFile = Path.Combine(HandlerExamples.ExamplesDirectory, name + ".alert.json");
        var expectedFile = Path.Combine(HandlerExamples.ExamplesDirectory, name + ".expected.txt");
        Assert.True(File.Exists(alertFile), $"handler '{name}' has no example alert {alertFile}");
        var context = HandlerExamples.ReadAlert(alertFile, out var alertName);
        using var catalog = new HandlerCatalog(HandlerExamples.Directory, HandlerExamples.HostLabels, NullLogger<HandlerCatalog>.Instance);

        var found = catalog.Find(context, alertName);

        Assert.Equal(name, found?.Name);
        var rendered = HandlerPreview.Render(found!, context);
        if (Environment.GetEnvironmentVariable(HandlerExamples.UpdateVariable) == "1") File.WriteAllText(expectedFile, rendered);
        Assert.True(File.Exists(expectedFile), $"handler '{name}' has no expected rendering {expectedFile}");
        Assert.Equal(File.ReadAllText(expectedFile), rendered);
    }

    [Fact]
    public void EveryExampleBelongsToAHandler()
    {
        var handlers = HandlerLoader.Files(HandlerExamples.Directory).Select(Path.GetFileNameWithoutExtension).ToHashSet();
        var examples = Directory.EnumerateFiles(HandlerExamples.ExamplesDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

        var strays = examples.Where(f => !(f!.EndsWith(".alert.json", StringComparison.Ordinal) || f.EndsWith(".expected.txt", StringComparison.Ordinal))
            || !handlers.Contains(f[..f.IndexOf('.', StringComparison.Ordinal)])).ToList();

        Assert.Empty(strays);
        Assert.Equal(handlers.Count * 2, examples.Count);
    }
}
