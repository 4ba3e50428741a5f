using System.Runtime.Versioning;
using OpsBot.Tests.Integration.Routing;
using static OpsBot.Tests.Integration.Chat.ChatHost;

namespace OpsBot.Tests.Integration.Remediate;

/// <summary>The other executors and the kill switch, through the running host.</summary>
[SupportedOSPlatform("linux")]
public sealed class FixExecutorTests
{
    [Fact]
    public async Task AFailingRestart_IsRecordedAsFailed_AndCallsThePersonOnCall()
    {
        // No systemd runs in this container, so `systemctl restart` over ssh fails: the path a broken fix takes.
        await using var host = await FixHost.StartAsync(new() { ["Teams:dba:Fixes:service-down"] = "auto" });
        await TwoTeams.SendAsync(host.Client, "ServiceDown", $"{FixHost.Host}:9100", "critical", TwoTeams.MondayMorningBerlin,
            extra: new() { ["unit"] = "opsbot-test-nothing.service" });
        await host.WaitForThreadAsync("Fix service-down FAILED");
        var message = host.Fake.SlackMessages.Single(m => m.ThreadTs is not null && (m.Text ?? "").Contains("FAILED"));
        Assert.Contains("`ssh 127.0.0.1 systemctl restart opsbot-test-nothing.service`", message.Text);
        Assert.Contains($"<@{AnnaSlack}>", message.Text);
    }

    [Fact]
    public async Task ARolloutRestart_RunsKubectlWithTheDeploymentFromTheAlert()
    {
        var bin = Directory.CreateTempSubdirectory("opsbot-kubectl-").FullName;
        var record = Path.Combine(bin, "args.txt");
        var kubectl = Path.Combine(bin, "kubectl");
        await File.WriteAllTextAsync(kubectl, $"#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> '{record}'; done\necho restarted\n");
        File.SetUnixFileMode(kubectl, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            await using var host = await FixHost.StartAsync(new()
            {
                ["Teams:web:Fixes:k8s-pod-crashlooping"] = "auto",
                ["Kubectl:Path"] = kubectl,
                ["Kubectl:Context"] = "test-cluster",
            });
            await TwoTeams.SendAsync(host.Client, "KubePodCrashLooping", "web-9:8080", "critical", TwoTeams.MondayMorningBerlin,
                extra: new() { ["namespace"] = "shop", ["deployment"] = "checkout", ["pod"] = "checkout-7d9f-x2" });
            await host.WaitForThreadAsync("succeeded");
            var args = (await File.ReadAllLinesAsync(record)).Where(l => !l.StartsWith("--context", StringComparison.Ordinal)).ToArray();
            Assert.Equal(["rollout", "restart", "deployment/checkout", "-n", "shop"], args.TakeLast(5));
            Assert.Contains("--context=test-cluster", await File.ReadAllTextAsync(record));
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    [Fact]
    public async Task TheKillSwitch_StopsEveryFix()
    {
        await using var host = await FixHost.StartAsync(new() { ["Teams:dba:Fixes:disk-full"] = "auto", ["Fixes:KillSwitch"] = "true" });
        await host.SendDiskFullAsync();
        await host.WaitForThreadAsync("not run: kill switch");
        Assert.True(File.Exists(host.OldLog));
    }
}
