using System.Text;
using System.Text.RegularExpressions;

namespace OpsBot.Diagnostics;

/// <param name="Why">Set when <paramref name="LooksWrong"/>: which rule of thumb it breaks.</param>
public sealed record HostFact(string Name, string Value, bool LooksWrong, string? Why);

/// <summary>What Prometheus knows about one host's health right now, as /ops host shows it.</summary>
/// <param name="Found">Prometheus has at least one series for the host; false also means <paramref name="Lines"/> is empty.</param>
public sealed record HostSummary(string Host, bool Found, IReadOnlyList<HostFact> Lines)
{
    public const string WarningMark = "⚠";

    /// <summary>One screen of text: a headline, then a line per fact, the ones that look wrong marked.</summary>
    public string Render()
    {
        if (!Found)
            return $"{Host}: Prometheus has no series for this host (instance \"{Host}\" or \"{Host}:<port>\"). "
                + "Check the name, and that its node_exporter is scraped.";
        var wrong = Lines.Count(line => line.LooksWrong);
        var text = new StringBuilder(wrong switch
        {
            0 => $"{Host}: nothing looks wrong",
            1 => $"{Host}: 1 thing looks wrong",
            _ => $"{Host}: {wrong} things look wrong",
        });
        foreach (var line in Lines)
        {
            text.Append('\n').Append(line.LooksWrong ? WarningMark + " " : "  ").Append(line.Name).Append(' ').Append(line.Value);
            if (line.Why is not null) text.Append(" — ").Append(line.Why);
        }
        return text.ToString();
    }
}

/// <summary>Builds a <see cref="HostSummary"/> from node_exporter's metrics for the host's scrape instance(s).</summary>
public sealed partial class HostSummaryBuilder(PrometheusClient prometheus, TimeProvider clock)
{
    // Filesystems that are not disks that fill up: memory-backed, read-only images, container layers, kernel views.
    private const string NotDisks =
        "tmpfs|devtmpfs|ramfs|overlay|aufs|squashfs|iso9660|udf|nsfs|autofs|proc|sysfs|cgroup2?|devpts|mqueue|tracefs|debugfs|"
        + "securityfs|pstore|bpf|configfs|hugetlbfs|binfmt_misc|rpc_pipefs|efivarfs|fusectl|fuse\\\\.lxcfs";

    private readonly PrometheusClient _prometheus = prometheus ?? throw new ArgumentNullException(nameof(prometheus));
    private readonly TimeProvider _clock = clock ?? throw new ArgumentNullException(nameof(clock));

    /// <param name="host">A host name or address without port, as in the instance label ("web1", "10.0.0.5").</param>
    /// <exception cref="ArgumentException">The host is not a plain name (it goes into a PromQL regular expression).</exception>
    /// <exception cref="PrometheusUnavailableException">Prometheus could not answer.</exception>
    public async Task<HostSummary> BuildAsync(string host, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (!HostName().IsMatch(host)) throw new ArgumentException($"'{host}' is not a host name or address", nameof(host));
        // '.' is the only regex metacharacter the name may hold; "\\." in a PromQL string is "\." to the regex.
        var instance = $"instance=~\"{host.Replace(".", "\\\\.", StringComparison.Ordinal)}(:[0-9]+)?\"";

        var up = Query($"up{{{instance}}}", ct);
        var boot = Query($"node_boot_time_seconds{{{instance}}}", ct);
        var load = Query($"{{__name__=~\"node_load(1|5|15)\",{instance}}}", ct);
        var cpus = Query($"count by (instance) (node_cpu_seconds_total{{mode=\"idle\",{instance}}})", ct);
        var memory = Query($"{{__name__=~\"node_memory_(MemAvailable|MemTotal)_bytes\",{instance}}}", ct);
        var space = Query($"{{__name__=~\"node_filesystem_(avail|size)_bytes\",fstype!~\"{NotDisks}\",{instance}}}", ct);
        var inodes = Query($"{{__name__=~\"node_filesystem_files(_free)?\",fstype!~\"{NotDisks}\",{instance}}}", ct);
        var network = Query($"sum by (instance, device) (rate(node_network_receive_errs_total{{{instance}}}[5m])) "
            + $"+ sum by (instance, device) (rate(node_network_transmit_errs_total{{{instance}}}[5m]))", ct);
        await Task.WhenAll(up, boot, load, cpus, memory, space, inodes, network);

        var samples = new HostSamples(up.Result, boot.Result, load.Result, cpus.Result, memory.Result, space.Result, inodes.Result, network.Result);
        return HostFacts.Summarise(host, samples, _clock.GetUtcNow());
    }

    private Task<IReadOnlyList<PromSample>> Query(string promql, CancellationToken ct) => _prometheus.QueryAsync(promql, ct);

    [GeneratedRegex(@"^[A-Za-z0-9._-]+\z")]
    private static partial Regex HostName();
}
