using System.ComponentModel;
using System.Runtime.Versioning;
using OpsBot.Diagnostics;

namespace OpsBot.Tests.Diagnostics;

/// <summary>The runner with a stand-in kubectl that prints each argument it received on a line of its own.</summary>
[SupportedOSPlatform("linux")]
public sealed class KubectlRunnerTests : IDisposable
{
    private static readonly TimeSpan Plenty = TimeSpan.FromSeconds(20);

    private readonly string _directory = Directory.CreateTempSubdirectory("opsbot-kubectl-").FullName;
    private readonly string _stub;

    public KubectlRunnerTests()
    {
        _stub = Path.Combine(_directory, "kubectl");
        File.WriteAllText(_stub, "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]\\n' \"$a\"; done\nexit \"${KUBECTL_STUB_EXIT:-0}\"\n");
        File.SetUnixFileMode(_stub, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [Fact]
    public async Task RunAsync_PassesEachArgumentUnsplitAndUninterpreted()
    {
        var canary = Path.Combine(_directory, "pwned");
        string[] argv = ["get", "pods", "-n", "my ns", "--selector=app in (a,b)", $"$(touch {canary})", "; touch " + canary, "*", ""];

        var result = await RunAsync(new KubectlOptions { Path = _stub }, argv);

        Assert.True(result.Succeeded, result.Output);
        Assert.Equal(string.Concat(argv.Select(a => $"[{a}]\n")), result.Output);
        Assert.False(File.Exists(canary));
    }

    [Fact]
    public async Task RunAsync_ContextAndKubeconfig_GoFirstAsSingleArguments()
    {
        var options = new KubectlOptions { Path = _stub, Context = "prod -eu", Kubeconfig = "/etc/opsbot/kube config" };

        var result = await RunAsync(options, ["exec", "pod-1", "--", "df", "-h"]);

        Assert.Equal("[--context=prod -eu]\n[--kubeconfig=/etc/opsbot/kube config]\n[exec]\n[pod-1]\n[--]\n[df]\n[-h]\n", result.Output);
    }

    [Fact]
    public async Task RunAsync_NoContextConfigured_AddsNothing()
    {
        var result = await RunAsync(new KubectlOptions { Path = _stub, Context = "" }, ["version"]);

        Assert.Equal("[version]\n", result.Output);
    }

    [Theory]
    [InlineData("pods\n--all-namespaces")]
    [InlineData("pods\r")]
    [InlineData("pods\0")]
    public async Task RunAsync_NewlineOrNul_IsRefused(string argument) =>
        await Assert.ThrowsAsync<ArgumentException>(() => new KubectlRunner(new KubectlOptions { Path = _stub })
            .RunAsync(["get", argument], Plenty, 4096, CancellationToken.None));

    [Fact]
    public async Task RunAsync_NoArguments_IsRefused() =>
        await Assert.ThrowsAsync<ArgumentException>(() => new KubectlRunner(new KubectlOptions { Path = _stub })
            .RunAsync([], Plenty, 4096, CancellationToken.None));

    [Fact]
    public async Task RunAsync_KubectlMissing_SaysWhichPath()
    {
        var missing = Path.Combine(_directory, "no-kubectl");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(new KubectlOptions { Path = missing }, ["version"]));

        Assert.Contains(missing, e.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // Another test's process start can briefly hold the just-written script open (ETXTBSY); that is not what is tested.
    private static async Task<CommandResult> RunAsync(KubectlOptions options, IReadOnlyList<string> argv)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await new KubectlRunner(options).RunAsync(argv, Plenty, 4096, CancellationToken.None);
            }
            catch (InvalidOperationException e) when (attempt < 5 && e.InnerException is Win32Exception { NativeErrorCode: 26 })
            {
                await Task.Delay(50 * attempt);
            }
        }
    }
}
