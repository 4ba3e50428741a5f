using OpsBot.Diagnostics;

namespace OpsBot.Tests.Diagnostics;

/// <summary>The rules of thumb, from made-up samples: where each one starts to look wrong, and how it is shown.</summary>
public sealed class HostFactsTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private const string Instance = "web1:9100";

    [Theory]
    [InlineData(1.40, 2, false)] // 70%: at the rule, not above it
    [InlineData(1.42, 2, true)]
    [InlineData(0.5, 1, false)]
    [InlineData(0.71, 1, true)]
    public void Load_AboveSeventyPercentOfTheCpus_LooksWrong(double load1, int cpus, bool wrong) =>
        Assert.Equal(wrong, HostFacts.Load(load1, cpus).LooksWrong);

    [Fact]
    public void Load_RendersAsTheRuleOfThumbSays()
    {
        var summary = Summarise(Samples(load: (3.10, 2.0, 1.5), cpus: 2));

        Assert.Contains("\n⚠ load 1m 3.10 on 2 CPUs (155%) — above the 70% rule of thumb", summary.Render());
        Assert.Contains("\n  load 5m, 15m 2.00, 1.50", summary.Render());
    }

    [Fact]
    public void Load_WithoutCpuCount_IsShownButNotJudged()
    {
        var fact = HostFacts.Load(9, null);

        Assert.False(fact.LooksWrong);
        Assert.Equal("9.00 (CPU count unknown)", fact.Value);
    }

    [Theory]
    [InlineData(0.10, false)]
    [InlineData(0.099, true)]
    [InlineData(0.5, false)]
    public void Memory_BelowTenPercentAvailable_LooksWrong(double share, bool wrong)
    {
        var fact = HostFacts.Memory(share * 8L * (1 << 30), 8L * (1 << 30));

        Assert.Equal(wrong, fact.LooksWrong);
        Assert.EndsWith("of 8.0 GiB" + $" ({share * 100:0}%)", fact.Value);
    }

    [Theory]
    [InlineData(10, false)] // 90% used: at the rule
    [InlineData(9.9, true)]
    [InlineData(0, true)]
    public void Disk_AboveNinetyPercentUsed_LooksWrong(double availableGiB, bool wrong)
    {
        var fact = HostFacts.Disk("/var", availableGiB * (1L << 30), 100L * (1 << 30));

        Assert.Equal(wrong, fact.LooksWrong);
        Assert.Equal("disk /var", fact.Name);
    }

    [Theory]
    [InlineData(100_000, false)]
    [InlineData(99_999, true)]
    public void Inodes_AboveNinetyPercentUsed_LooksWrong(double free, bool wrong) =>
        Assert.Equal(wrong, HostFacts.Inodes("/", free, 1_000_000).LooksWrong);

    [Fact]
    public void Network_AnyErrors_AreListedPerDevice_AndNoErrorsIsOneLine()
    {
        var failing = HostFacts.Network([("eth0", 0), ("eth1", 0.2), ("veth9", 0)]).ToList();
        var quiet = HostFacts.Network([("eth0", 0), ("lo", 0)]).ToList();

        var eth1 = Assert.Single(failing);
        Assert.Equal(("network errors eth1", true), (eth1.Name, eth1.LooksWrong));
        Assert.Equal("none on 2 devices (last 5m)", Assert.Single(quiet).Value);
        Assert.Empty(HostFacts.Network([]));
    }

    [Theory]
    [InlineData(59, true)]
    [InlineData(60, false)]
    [InlineData(60 * 24 * 3 + 65, false)]
    public void Uptime_UnderAnHour_LooksWrong(int minutesUp, bool wrong)
    {
        var fact = HostFacts.Uptime(Now.AddMinutes(-minutesUp), Now);

        Assert.Equal(wrong, fact.LooksWrong);
        Assert.Contains($"(booted {Now.AddMinutes(-minutesUp).UtcDateTime:yyyy-MM-dd HH:mm} UTC)", fact.Value);
    }

    [Fact]
    public void Uptime_IsShortAndReadable() =>
        Assert.StartsWith("3d 1h ", HostFacts.Uptime(Now.AddMinutes(-(60 * 24 * 3 + 65)), Now).Value);

    [Fact]
    public void Summarise_TargetDown_LooksWrong_EvenWithoutNodeMetrics()
    {
        var summary = Summarise(Samples() with { Up = [Sample(0, ("instance", Instance), ("job", "node"))] });

        Assert.True(summary.Found);
        var target = summary.Lines[0];
        Assert.Equal(($"target {Instance} (job node)", "down", true), (target.Name, target.Value, target.LooksWrong));
        Assert.Contains("no metrics for this host", summary.Render());
        Assert.StartsWith("web1: 1 thing looks wrong\n⚠ target web1:9100 (job node) down — ", summary.Render());
    }

    [Fact]
    public void Summarise_NothingAtAll_IsNotFound() =>
        Assert.False(Summarise(Samples()).Found);

    [Fact]
    public void Summarise_HealthyHost_HasEveryFactAndNothingMarked()
    {
        var summary = Summarise(Samples(load: (0.2, 0.3, 0.4), cpus: 4) with
        {
            Up = [Sample(1, ("instance", Instance), ("job", "node"))],
            Boot = [Sample(Now.AddDays(-2).ToUnixTimeSeconds())],
            Memory = [Named("node_memory_MemAvailable_bytes", 4e9), Named("node_memory_MemTotal_bytes", 8e9)],
            Space = [Named("node_filesystem_avail_bytes", 50e9, ("mountpoint", "/")), Named("node_filesystem_size_bytes", 100e9, ("mountpoint", "/")),
                     Named("node_filesystem_avail_bytes", 0, ("mountpoint", "/empty")), Named("node_filesystem_size_bytes", 0, ("mountpoint", "/empty"))],
            Inodes = [Named("node_filesystem_files_free", 900, ("mountpoint", "/")), Named("node_filesystem_files", 1000, ("mountpoint", "/"))],
            Network = [Sample(0, ("instance", Instance), ("device", "eth0"))],
        });

        Assert.Equal(
            ["target web1:9100 (job node)", "uptime", "load 1m", "load 5m, 15m", "memory available", "disk /", "inodes /", "network errors"],
            summary.Lines.Select(line => line.Name));
        Assert.DoesNotContain(summary.Lines, line => line.LooksWrong || line.Why is not null);
        Assert.StartsWith("web1: nothing looks wrong\n  target", summary.Render());
        Assert.DoesNotContain(HostSummary.WarningMark, summary.Render());
    }

    [Fact]
    public void Summarise_TwoNodeInstances_UsesOneInstancesFigures()
    {
        var summary = Summarise(Samples(load: (1, 1, 1), cpus: 2) with
        {
            Load = [Named("node_load1", 1), Named("node_load1", 5, ("instance", "web1:9200"))],
        });

        Assert.Equal("1.00 on 2 CPUs (50%)", Assert.Single(summary.Lines, line => line.Name == "load 1m").Value);
    }

    private static HostSummary Summarise(HostSamples samples) => HostFacts.Summarise("web1", samples, Now);

    private static HostSamples Samples((double One, double Five, double Fifteen)? load = null, int? cpus = null) => new(
        Up: [], Boot: [],
        Load: load is { } l ? [Named("node_load1", l.One), Named("node_load5", l.Five), Named("node_load15", l.Fifteen)] : [],
        Cpus: cpus is { } c ? [Sample(c)] : [],
        Memory: [], Space: [], Inodes: [], Network: []);

    private static PromSample Named(string name, double value, params (string, string)[] labels) =>
        Sample(value, [("__name__", name), .. labels]);

    // Every sample is from Instance unless it says otherwise.
    private static PromSample Sample(double value, params (string Name, string Value)[] labels)
    {
        var all = new Dictionary<string, string> { ["instance"] = Instance };
        foreach (var (name, text) in labels) all[name] = text;
        return new PromSample(all, value);
    }
}
