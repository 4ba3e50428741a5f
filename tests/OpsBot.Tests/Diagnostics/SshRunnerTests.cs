using System.Diagnostics;
using OpsBot.Diagnostics;
using OpsBot.Tests.Integration;

namespace OpsBot.Tests.Diagnostics;

/// <summary>The runner through the real OpenSSH client to a throwaway sshd: what the remote side receives is the proof.</summary>
public sealed class SshRunnerTests(SshServerFixture fixture) : IClassFixture<SshServerFixture>
{
    private const string Host = Support.SshServer.Host;
    private static readonly TimeSpan Plenty = TimeSpan.FromSeconds(20);

    private SshRunner Runner => new(fixture.Server.Options);

    [Fact]
    public async Task RunAsync_RunsTheCommandOnTheHost()
    {
        var result = await Runner.RunAsync(Host, ["uname", "-s"], Plenty, 4096, CancellationToken.None);

        Assert.True(result.Succeeded, result.Output + fixture.Server.Log);
        Assert.Equal("Linux\n", result.Output);
    }

    [Fact]
    public async Task RunAsync_PassesTheRemoteExitCodeThrough()
    {
        // A literal argv from the test; the script is sh's argument on the remote side, quoted like any other.
        var result = await Runner.RunAsync(Host, ["sh", "-c", "exit 3"], Plenty, 4096, CancellationToken.None);

        Assert.Equal((3, false), (result.ExitCode, result.TimedOut));
    }

    [Theory]
    [InlineData("; touch {0}")]
    [InlineData("$(touch {0})")]
    [InlineData("`touch {0}`")]
    [InlineData("| touch {0}")]
    [InlineData("&& touch {0} #")]
    [InlineData("' ; touch {0} ; '")]
    [InlineData("'\\'' ; touch {0} ; '\\''")]
    [InlineData("\"$(touch {0})\"")]
    [InlineData("x\ntouch {0}\n")]
    [InlineData("-n {0} $HOME * ~ \\ !! %s")]
    public async Task RunAsync_ShellMetacharacters_ArriveLiterally(string template)
    {
        var canary = Path.Combine(fixture.Server.Directory, "pwned-" + Guid.NewGuid().ToString("N"));
        var argument = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, canary);

        var result = await Runner.RunAsync(Host, ["printf", "%s", argument], Plenty, 4096, CancellationToken.None);

        Assert.True(result.Succeeded, result.Output);
        Assert.Equal(argument, result.Output);
        Assert.False(File.Exists(canary), "the argument was run as a command");
    }

    [Fact]
    public async Task RunAsync_EmptyArgument_StaysAnArgument()
    {
        var result = await Runner.RunAsync(Host, ["printf", "[%s]", "", "a b"], Plenty, 4096, CancellationToken.None);

        Assert.Equal("[][a b]", result.Output);
    }

    [Fact]
    public async Task RunAsync_PastTheDeadline_KillsSshAndSaysTimedOut()
    {
        var marker = "10." + Random.Shared.Next(100_000, 999_999); // a sleep of about 10 s only this test runs
        var watch = Stopwatch.StartNew();

        var result = await Runner.RunAsync(Host, ["sleep", marker], TimeSpan.FromSeconds(1), 4096, CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"took {watch.Elapsed}");
        await Eventually.True(() => LocalSshProcesses(marker).All(ProcessRunnerTests.IsGone), "the ssh client gone");
    }

    [Fact]
    public async Task RunAsync_OutputCap_CutsTheOutput()
    {
        var result = await Runner.RunAsync(Host, ["seq", "1", "100000"], Plenty, 1000, CancellationToken.None);

        Assert.Equal((0, true), (result.ExitCode, result.Truncated));
        Assert.Equal(1000, result.Output.Length);
        Assert.StartsWith("1\n2\n3\n", result.Output);
    }

    [Fact]
    public async Task RunAsync_UnknownHostKey_IsSshsOwnExitCode255()
    {
        var emptyKnownHosts = Path.Combine(fixture.Server.Directory, "empty_known_hosts");
        await File.WriteAllTextAsync(emptyKnownHosts, "");
        var options = fixture.Server.Options;
        var runner = new SshRunner(new SshOptions
        {
            User = options.User, KeyFile = options.KeyFile, Port = options.Port, KnownHostsFile = emptyKnownHosts,
        });

        var result = await runner.RunAsync(Host, ["true"], Plenty, 4096, CancellationToken.None);

        Assert.Equal(255, result.ExitCode);
        Assert.Contains("Host key verification failed", result.Output);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-oProxyCommand=touch /tmp/x")]
    [InlineData("-p")]
    [InlineData(".hidden")]
    [InlineData("web 1")]
    [InlineData("web;id")]
    [InlineData("root@web")]
    [InlineData("web:22")]
    [InlineData("web\n")]
    [InlineData("[::1]")]
    public async Task RunAsync_NotAPlainHost_IsRefusedBeforeSshRuns(string host) =>
        await Assert.ThrowsAsync<ArgumentException>(() => Runner.RunAsync(host, ["true"], Plenty, 4096, CancellationToken.None));

    [Fact]
    public async Task RunAsync_NoCommandOrANul_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Runner.RunAsync(Host, [], Plenty, 4096, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Runner.RunAsync(Host, ["echo", "a\0b"], Plenty, 4096, CancellationToken.None));
    }

    [Theory]
    [InlineData("abc", "'abc'")]
    [InlineData("", "''")]
    [InlineData("it's", @"'it'\''s'")]
    [InlineData("$(id) `id` \"x\" \\", "'$(id) `id` \"x\" \\'")]
    public void QuoteForRemoteShell_WrapsInSingleQuotes(string argument, string quoted) =>
        Assert.Equal(quoted, SshRunner.QuoteForRemoteShell(argument));

    private static List<int> LocalSshProcesses(string marker) =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit))
            .Select(name => (Pid: int.Parse(name!, System.Globalization.CultureInfo.InvariantCulture), CommandLine: ReadCommandLine(name!)))
            .Where(p => p.CommandLine.StartsWith(SshRunner.SshPath + "\0", StringComparison.Ordinal) && p.CommandLine.Contains(marker, StringComparison.Ordinal))
            .Select(p => p.Pid)
            .ToList();

    private static string ReadCommandLine(string pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ""; // it ended while we looked
        }
    }
}
