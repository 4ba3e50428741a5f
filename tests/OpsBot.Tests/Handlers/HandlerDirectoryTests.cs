using OpsBot.Handlers;

namespace OpsBot.Tests.Handlers;

/// <summary>Loading a whole directory: one bad file does not take the others with it.</summary>
public sealed class HandlerDirectoryTests
{
    private const string Head = "title: Disk full on {{ host }}\nmatch:\n  alertnames: [DiskFull]\nrunbook: [Look at it]\n";

    [Fact]
    public void AFileWithIssuesIsLeftOutAndTheOthersLoad()
    {
        var dir = Directory.CreateTempSubdirectory("opsbot-handlers-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "a.yaml"), Head);
            File.WriteAllText(Path.Combine(dir.FullName, "b.yaml"), Head + "fix: {executor: ssh}\n");
            File.WriteAllText(Path.Combine(dir.FullName, "c.yml"), Head);
            File.WriteAllText(Path.Combine(dir.FullName, "notes.txt"), "not a handler");

            var (handlers, issues) = HandlerLoader.LoadDirectory(dir.FullName);

            Assert.Equal(["a", "c"], handlers.Select(h => h.Name));
            Assert.All(issues, i => Assert.Equal(Path.Combine(dir.FullName, "b.yaml"), i.File));
            Assert.Contains(issues, i => i.Key == "fix.executor");
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void TwoFilesForOneName()
    {
        var dir = Directory.CreateTempSubdirectory("opsbot-handlers-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "disk.yaml"), Head);
            File.WriteAllText(Path.Combine(dir.FullName, "disk.yml"), Head);

            var (handlers, issues) = HandlerLoader.LoadDirectory(dir.FullName);

            Assert.Single(handlers);
            Assert.Equal($"{Path.Combine(dir.FullName, "disk.yml")}: another file already defines the handler 'disk'", Assert.Single(issues).ToString());
        }
        finally { dir.Delete(recursive: true); }
    }
}
