using System.Diagnostics;
using System.Globalization;
using OpsBot.Diagnostics;
using OpsBot.Tests.Integration;

namespace OpsBot.Tests.Diagnostics;

/// <summary>Real local processes (/bin/sh and coreutils): exit codes, the output cap, the deadline.</summary>
public sealed class ProcessRunnerTests
{
    private static readonly TimeSpan Plenty = TimeSpan.FromSeconds(20);

    private static Task<CommandResult> Sh(string script, TimeSpan? timeout = null, int maxOutputBytes = 65536, CancellationToken ct = default) =>
        ProcessRunner.RunAsync("/bin/sh", ["-c", script], timeout ?? Plenty, maxOutputBytes, ct);

    [Fact]
    public async Task RunAsync_PassesTheExitCodeAndBothStreams()
    {
        var result = await Sh("echo out; echo err >&2; exit 3");

        Assert.Equal((3, false, false), (result.ExitCode, result.TimedOut, result.Truncated));
        Assert.Contains("out\n", result.Output);
        Assert.Contains("err\n", result.Output);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task RunAsync_ArgumentsArriveUnsplitAndUninterpreted()
    {
        var result = await ProcessRunner.RunAsync("/usr/bin/printf", ["[%s]", "a b", "$(id)", "*", "'\"", ""], Plenty, 4096, CancellationToken.None);

        Assert.Equal("[a b][$(id)][*]['\"][]", result.Output);
    }

    [Fact]
    public async Task RunAsync_StdinIsEmpty_SoAReaderEndsAtOnce()
    {
        var watch = Stopwatch.StartNew();
        var result = await ProcessRunner.RunAsync("/bin/cat", [], Plenty, 4096, CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RunAsync_MoreOutputThanTheCap_IsCutButTheCommandRunsToItsEnd()
    {
        // 10 MB: far more than a pipe holds, so a runner that stopped reading at the cap would hang here.
        var result = await Sh("head -c 10000000 /dev/zero | tr '\\0' x; echo; echo done >&2; exit 4", maxOutputBytes: 1000);

        Assert.Equal((4, true, false), (result.ExitCode, result.Truncated, result.TimedOut));
        Assert.Equal(new string('x', 1000), result.Output);
    }

    [Fact]
    public async Task RunAsync_CapInsideAMultiByteCharacter_DropsThePartialCharacter()
    {
        var result = await Sh("printf 'ab€€'", maxOutputBytes: 6); // a b then 3 + 3 bytes

        Assert.True(result.Truncated);
        Assert.Equal("ab€", result.Output);
    }

    [Fact]
    public async Task RunAsync_OutputExactlyAtTheCap_IsNotTruncated()
    {
        var result = await Sh("printf 12345", maxOutputBytes: 5);

        Assert.Equal(("12345", false), (result.Output, result.Truncated));
    }

    [Fact]
    public async Task RunAsync_PastTheDeadline_KillsTheWholeTreeAndKeepsTheOutputSoFar()
    {
        var watch = Stopwatch.StartNew();
        // The background sleep is a child of the shell: both must go, or it would hold the pipe open for 30 s.
        var result = await Sh("sleep 30 & echo $!; wait", timeout: TimeSpan.FromSeconds(1));

        Assert.True(result.TimedOut);
        Assert.Equal(-1, result.ExitCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        var child = int.Parse(result.Output.Trim(), CultureInfo.InvariantCulture);
        await Eventually.True(() => IsGone(child), $"background child {child} gone");
    }

    [Fact]
    public async Task RunAsync_CallerCancels_KillsAndThrows()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Sh("sleep 30", ct: cancel.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RunAsync_MissingExecutable_SaysWhichOne()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ProcessRunner.RunAsync("/nonexistent/kubectl", ["version"], Plenty, 4096, CancellationToken.None));

        Assert.Contains("/nonexistent/kubectl", e.Message);
    }

    // Killed children are reaped by whoever adopts them; a zombie is as gone as a process gets.
    internal static bool IsGone(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return true;
        }
    }
}
