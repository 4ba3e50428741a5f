using System.Globalization;
using System.Text.RegularExpressions;
using OpsBot.Diagnostics;
using Xunit.Abstractions;

namespace OpsBot.Tests.Diagnostics;

/// <summary>The summary built from a real node_exporter's figures about this very machine, checked against /proc.</summary>
public sealed partial class HostSummaryBuilderTests(PrometheusFixture fixture, ITestOutputHelper output) : IClassFixture<PrometheusFixture>, IDisposable
{
    private readonly HttpClient _http = fixture.Prometheus.Client();

    private HostSummaryBuilder Builder => new(new PrometheusClient(_http), TimeProvider.System);

    [Fact]
    public async Task BuildAsync_KnownHost_HasThisMachinesFigures()
    {
        var summary = await Builder.BuildAsync(PrometheusFixture.Host, CancellationToken.None);
        output.WriteLine($"Prometheus and node_exporter started and scraped twice in {fixture.StartedIn.TotalSeconds:0.0} s");
        output.WriteLine(summary.Render());

        Assert.True(summary.Found, summary.Render());
        var target = Fact(summary, $"target {fixture.Prometheus.InstanceOf(PrometheusFixture.Host)} (job node)");
        Assert.Equal("up", target.Value);

        // node_exporter counts the cpuN lines of /proc/stat; Environment.ProcessorCount is the same unless a CPU quota applies.
        var cpus = int.Parse(LoadCpus().Match(Fact(summary, "load 1m").Value).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(File.ReadLines("/proc/stat").Count(line => CpuLine().IsMatch(line)), cpus);
        Assert.True(Environment.ProcessorCount <= cpus, $"{Environment.ProcessorCount} usable CPUs, {cpus} counted");
        Assert.Matches(@"^\d+\.\d\d, \d+\.\d\d$", Fact(summary, "load 5m, 15m").Value);

        var memory = Fact(summary, "memory available");
        var available = Percent(memory.Value);
        Assert.InRange(available, 0, 100);
        var totalGiB = double.Parse(MemoryTotal().Match(memory.Value).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(MemTotalKiB() / 1024.0 / 1024.0, totalGiB, 0.051);

        Assert.All(summary.Lines.Where(line => line.Name.StartsWith("disk ", StringComparison.Ordinal) || line.Name.StartsWith("inodes ", StringComparison.Ordinal)),
            line => Assert.InRange(Percent(line.Value), 0, 100));
        var memoryBacked = Mounts().Where(m => m.Type is "tmpfs" or "devtmpfs").Select(m => "disk " + m.Point).ToHashSet();
        Assert.DoesNotContain(summary.Lines, line => memoryBacked.Contains(line.Name));
        // In a container "/" is an overlay, which is left out like tmpfs; on a machine or VM it is a disk to compare with.
        if (RootFileSystemType() is "ext4" or "xfs" or "btrfs" or "ext3" or "zfs")
        {
            var root = new DriveInfo("/");
            var rootUsed = 100.0 * (1 - (double)root.AvailableFreeSpace / root.TotalSize);
            Assert.InRange(Percent(Fact(summary, "disk /").Value), rootUsed - 2, rootUsed + 2);
        }

        var boot = DateTimeOffset.FromUnixTimeSeconds(long.Parse(File.ReadLines("/proc/stat").Single(l => l.StartsWith("btime ", StringComparison.Ordinal))[6..], CultureInfo.InvariantCulture));
        Assert.Contains($"booted {boot.UtcDateTime:yyyy-MM-dd HH:mm} UTC", Fact(summary, "uptime").Value);

        // Two scrapes were awaited, so the 5-minute rate exists; a loopback-only test machine should have no errors.
        Assert.Contains(summary.Lines, line => line.Name.StartsWith("network errors", StringComparison.Ordinal));
        Assert.StartsWith($"{PrometheusFixture.Host}: ", summary.Render());
    }

    [Fact]
    public async Task BuildAsync_UnknownHost_IsNotFoundAndSaysSoPlainly()
    {
        var summary = await Builder.BuildAsync("no-such-host", CancellationToken.None);

        Assert.False(summary.Found);
        Assert.Empty(summary.Lines);
        Assert.Contains("no series for this host", summary.Render());
    }

    [Fact]
    public async Task BuildAsync_NameWithDots_MatchesOnlyThatName()
    {
        await fixture.Prometheus.AddHostAsync("web.example.org");

        Assert.True((await Builder.BuildAsync("web.example.org", CancellationToken.None)).Found);
        // Were the dots not escaped, "webXexample.org" would match "web.example.org" as a regular expression.
        Assert.False((await Builder.BuildAsync("web.example.or", CancellationToken.None)).Found);
        Assert.False((await Builder.BuildAsync("webXexample.org", CancellationToken.None)).Found);
        Assert.False((await Builder.BuildAsync("web", CancellationToken.None)).Found);
    }

    [Theory]
    [InlineData("")]
    [InlineData("web\"}")]
    [InlineData(".*")]
    [InlineData("web|db")]
    [InlineData("web 1")]
    [InlineData("web:9100")]
    [InlineData("web\n")]
    public async Task BuildAsync_NotAPlainHostName_IsRefused(string host) =>
        await Assert.ThrowsAsync<ArgumentException>(() => Builder.BuildAsync(host, CancellationToken.None));

    public void Dispose() => _http.Dispose();

    private static HostFact Fact(HostSummary summary, string name) =>
        summary.Lines.SingleOrDefault(line => line.Name == name) ?? throw new Xunit.Sdk.XunitException($"no '{name}' in:\n{summary.Render()}");

    private static double Percent(string value) => double.Parse(PercentValue().Match(value).Groups[1].Value, CultureInfo.InvariantCulture);

    // node_exporter reads the mount table of PID 1 too.
    private static List<(string Point, string Type)> Mounts() =>
        File.ReadLines("/proc/1/mounts").Select(line => line.Split(' ')).Select(f => (f[1], f[2])).ToList();

    private static string RootFileSystemType() => Mounts().LastOrDefault(m => m.Point == "/").Type ?? "";

    private static long MemTotalKiB() =>
        long.Parse(MemTotalLine().Match(File.ReadAllText("/proc/meminfo")).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"on (\d+) CPUs?")]
    private static partial Regex LoadCpus();

    [GeneratedRegex(@"^cpu\d+ ")]
    private static partial Regex CpuLine();

    [GeneratedRegex(@"of ([0-9.]+) GiB")]
    private static partial Regex MemoryTotal();

    [GeneratedRegex(@"(\d+)%")]
    private static partial Regex PercentValue();

    [GeneratedRegex(@"MemTotal:\s+(\d+) kB")]
    private static partial Regex MemTotalLine();
}
