using System.Globalization;

namespace OpsBot.Diagnostics;

/// <summary>The answers to <see cref="HostSummaryBuilder"/>'s queries, kept apart so the rules can be tested without Prometheus.</summary>
internal sealed record HostSamples(
    IReadOnlyList<PromSample> Up, IReadOnlyList<PromSample> Boot, IReadOnlyList<PromSample> Load, IReadOnlyList<PromSample> Cpus,
    IReadOnlyList<PromSample> Memory, IReadOnlyList<PromSample> Space, IReadOnlyList<PromSample> Inodes, IReadOnlyList<PromSample> Network);

/// <summary>Turns samples into facts and marks the ones that break an on-call rule of thumb.</summary>
internal static class HostFacts
{
    public const double LoadPerCpu = 0.7;
    public const double MemoryAvailableMin = 0.10;
    public const double DiskUsedMax = 0.90;
    public const double InodesUsedMax = 0.90;
    public static readonly TimeSpan RecentBoot = TimeSpan.FromHours(1);

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static HostSummary Summarise(string host, HostSamples samples, DateTimeOffset now)
    {
        var all = new[] { samples.Up, samples.Boot, samples.Load, samples.Cpus, samples.Memory, samples.Space, samples.Inodes, samples.Network };
        if (all.All(list => list.Count == 0)) return new HostSummary(host, false, []);

        var facts = samples.Up.OrderBy(s => Label(s, "instance"), StringComparer.Ordinal).ThenBy(s => Label(s, "job"), StringComparer.Ordinal)
            .Select(s => Target(Label(s, "instance"), Label(s, "job"), s.Value == 1)).ToList();
        // A host scraped by one node_exporter has one instance; should there be two, mixing their figures would mislead.
        var node = all.Skip(1).SelectMany(list => list).Select(s => Label(s, "instance")).Order(StringComparer.Ordinal).FirstOrDefault();
        if (node is null)
        {
            facts.Add(new HostFact("node_exporter", "no metrics for this host (only its scrape targets are known)", false, null));
            return new HostSummary(host, true, facts);
        }
        IEnumerable<PromSample> Of(IReadOnlyList<PromSample> list) => list.Where(s => Label(s, "instance") == node);

        if (Of(samples.Boot).FirstOrDefault() is { } boot) facts.Add(Uptime(DateTimeOffset.FromUnixTimeMilliseconds((long)(boot.Value * 1000)), now));
        var loads = Of(samples.Load).ToDictionary(s => Label(s, "__name__"), s => s.Value);
        int? cpus = Of(samples.Cpus).FirstOrDefault() is { } count ? (int)count.Value : null;
        if (loads.TryGetValue("node_load1", out var load1)) facts.Add(Load(load1, cpus));
        if (loads.TryGetValue("node_load5", out var load5) && loads.TryGetValue("node_load15", out var load15))
            facts.Add(new HostFact("load 5m, 15m", $"{F(load5)}, {F(load15)}", false, null));
        var memory = Of(samples.Memory).ToDictionary(s => Label(s, "__name__"), s => s.Value);
        if (memory.TryGetValue("node_memory_MemAvailable_bytes", out var available) && memory.TryGetValue("node_memory_MemTotal_bytes", out var total) && total > 0)
            facts.Add(Memory(available, total));
        foreach (var (mount, free, size) in PerMount(Of(samples.Space), "node_filesystem_avail_bytes", "node_filesystem_size_bytes"))
            facts.Add(Disk(mount, free, size));
        foreach (var (mount, free, files) in PerMount(Of(samples.Inodes), "node_filesystem_files_free", "node_filesystem_files"))
            facts.Add(Inodes(mount, free, files));
        facts.AddRange(Network(Of(samples.Network).Select(s => (Label(s, "device"), s.Value)).ToList()));
        return new HostSummary(host, true, facts);
    }

    public static HostFact Target(string instance, string job, bool up) => up
        ? new HostFact($"target {instance} (job {job})", "up", false, null)
        : new HostFact($"target {instance} (job {job})", "down", true, "Prometheus cannot scrape it: the host or its exporter is not answering");

    public static HostFact Uptime(DateTimeOffset bootedAt, DateTimeOffset now)
    {
        var uptime = now - bootedAt;
        var value = $"{Duration(uptime)} (booted {bootedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Invariant)} UTC)";
        return uptime < RecentBoot ? new HostFact("uptime", value, true, "rebooted less than an hour ago") : new HostFact("uptime", value, false, null);
    }

    public static HostFact Load(double load1, int? cpus)
    {
        if (cpus is not > 0) return new HostFact("load 1m", $"{F(load1)} (CPU count unknown)", false, null);
        var perCpu = load1 / cpus.Value;
        var value = $"{F(load1)} on {cpus} CPU{(cpus == 1 ? "" : "s")} ({Percent(perCpu)})";
        return perCpu > LoadPerCpu ? new HostFact("load 1m", value, true, "above the 70% rule of thumb") : new HostFact("load 1m", value, false, null);
    }

    public static HostFact Memory(double available, double total)
    {
        var share = available / total;
        var value = $"{Bytes(available)} of {Bytes(total)} ({Percent(share)})";
        return share < MemoryAvailableMin
            ? new HostFact("memory available", value, true, "below 10%")
            : new HostFact("memory available", value, false, null);
    }

    // Used against what is available to ordinary users (avail, not free): the root reserve is already out of reach for them.
    public static HostFact Disk(string mount, double available, double size)
    {
        var used = 1 - available / size;
        var value = $"{Percent(used)} used, {Bytes(available)} free of {Bytes(size)}";
        return used > DiskUsedMax ? new HostFact($"disk {mount}", value, true, "above 90%") : new HostFact($"disk {mount}", value, false, null);
    }

    public static HostFact Inodes(string mount, double free, double files)
    {
        var used = 1 - free / files;
        var value = $"{Percent(used)} used, {Count(free)} free of {Count(files)}";
        return used > InodesUsedMax ? new HostFact($"inodes {mount}", value, true, "above 90%") : new HostFact($"inodes {mount}", value, false, null);
    }

    /// <summary>One line per device with errors; one line in all when there are none, so a host with many veths stays one screen.</summary>
    public static IEnumerable<HostFact> Network(IReadOnlyList<(string Device, double PerSecond)> devices)
    {
        var failing = devices.Where(d => d.PerSecond > 0).OrderBy(d => d.Device, StringComparer.Ordinal).ToList();
        if (failing.Count == 0)
            return devices.Count == 0 ? [] : [new HostFact("network errors", $"none on {devices.Count} device{(devices.Count == 1 ? "" : "s")} (last 5m)", false, null)];
        return failing.Select(d => new HostFact($"network errors {d.Device}", $"{d.PerSecond.ToString("0.###", Invariant)}/s (last 5m)", true, "any error is worth a look"));
    }

    private static IEnumerable<(string Mount, double Free, double Total)> PerMount(IEnumerable<PromSample> samples, string freeName, string totalName) =>
        samples.GroupBy(s => Label(s, "mountpoint"), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Mount: g.Key, Free: g.FirstOrDefault(s => Label(s, "__name__") == freeName)?.Value, Total: g.FirstOrDefault(s => Label(s, "__name__") == totalName)?.Value))
            // Filesystems without a size (or without inodes, like btrfs) have nothing to fill up.
            .Where(m => m.Free is not null && m.Total is > 0)
            .Select(m => (m.Mount, m.Free!.Value, m.Total!.Value));

    private static string Label(PromSample sample, string name) => sample.Labels.TryGetValue(name, out var value) ? value : "";

    private static string F(double value) => value.ToString("0.00", Invariant);

    private static string Percent(double share) => (share * 100).ToString("0", Invariant) + "%";

    private static string Bytes(double bytes) => bytes switch
    {
        >= 1L << 40 => (bytes / (1L << 40)).ToString("0.0", Invariant) + " TiB",
        >= 1L << 30 => (bytes / (1L << 30)).ToString("0.0", Invariant) + " GiB",
        >= 1L << 20 => (bytes / (1L << 20)).ToString("0.0", Invariant) + " MiB",
        _ => (bytes / 1024).ToString("0", Invariant) + " KiB",
    };

    private static string Count(double count) => count switch
    {
        >= 1e6 => (count / 1e6).ToString("0.0", Invariant) + "M",
        >= 1e3 => (count / 1e3).ToString("0.0", Invariant) + "k",
        _ => count.ToString("0", Invariant),
    };

    private static string Duration(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } => $"{(int)span.TotalDays}d {span.Hours}h",
        { TotalHours: >= 1 } => $"{span.Hours}h {span.Minutes}m",
        { TotalMinutes: >= 0 } => $"{span.Minutes}m",
        _ => "0m (boot time is in the future: clocks disagree)",
    };
}
