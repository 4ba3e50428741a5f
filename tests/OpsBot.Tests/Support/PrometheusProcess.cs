using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpsBot.Tests.Support;

/// <summary>
/// A real Prometheus (Debian's package) with a port, storage and configuration of its own, scraping one node_exporter
/// every second as job "node". Each host name given is one more target for the same exporter, its instance label
/// relabelled to "name:port", so the exporter's figures answer for a host of the test's choosing.
/// </summary>
public sealed partial class PrometheusProcess : IAsyncDisposable
{
    public const string BinaryPath = "/usr/bin/prometheus";

    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ScrapeDeadline = TimeSpan.FromSeconds(30);

    private readonly ServiceProcess _service;
    private readonly NodeExporterProcess _exporter;
    private readonly string _configFile;
    private readonly List<string> _hosts;
    private readonly HttpClient _probe;

    private PrometheusProcess(ServiceProcess service, NodeExporterProcess exporter, string configFile, List<string> hosts, Uri url)
    {
        _service = service;
        _exporter = exporter;
        _configFile = configFile;
        _hosts = hosts;
        Url = url;
        _probe = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
    }

    /// <summary>The base URL, ending in '/', e.g. http://127.0.0.1:41234/.</summary>
    public Uri Url { get; }

    public string Log => _service.Log;

    /// <summary>Starts Prometheus and waits until every host has been scraped successfully twice (so rate() has data).</summary>
    public static async Task<PrometheusProcess> StartAsync(NodeExporterProcess exporter, params string[] hostNames)
    {
        ArgumentNullException.ThrowIfNull(exporter);
        if (hostNames.Length == 0) throw new ArgumentException("at least one host name to scrape the exporter as", nameof(hostNames));
        foreach (var host in hostNames) CheckHostName(host);
        var prometheus = await ServiceProcess.StartOnFreePortAsync(
            "Prometheus", port => Launch(port, exporter, [.. hostNames]), p => p._service, p => p.IsReadyAsync(), ReadyDeadline);
        try
        {
            foreach (var host in hostNames) await prometheus.WaitForHostAsync(host);
            return prometheus;
        }
        catch
        {
            await prometheus.DisposeAsync();
            throw;
        }
    }

    /// <summary>The instance label the host's series carry.</summary>
    public string InstanceOf(string hostName) => $"{hostName}:{_exporter.Port}";

    /// <summary>Adds a relabelled target for <paramref name="hostName"/>, reloads, and waits for its data.</summary>
    public async Task AddHostAsync(string hostName)
    {
        CheckHostName(hostName);
        _hosts.Add(hostName);
        await File.WriteAllTextAsync(_configFile, Configuration(_exporter, _hosts));
        using var response = await _probe.PostAsync("-/reload", null);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Prometheus refused the new configuration: {await response.Content.ReadAsStringAsync()}");
        await WaitForHostAsync(hostName);
    }

    /// <summary>A new client for this Prometheus; the caller disposes it.</summary>
    public HttpClient Client() => new() { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(10) };

    public async ValueTask DisposeAsync()
    {
        _probe.Dispose();
        await _service.DisposeAsync();
    }

    private static PrometheusProcess Launch(int port, NodeExporterProcess exporter, List<string> hosts)
    {
        var directory = Directory.CreateTempSubdirectory("opsbot-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        File.WriteAllText(config, Configuration(exporter, hosts));
        var service = ServiceProcess.Start("Prometheus", BinaryPath,
        [
            $"--config.file={config}",
            $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
            "--web.enable-lifecycle", // POST /-/reload, for AddHostAsync
        ], directory);
        return new PrometheusProcess(service, exporter, config, hosts, new Uri($"http://127.0.0.1:{port}/"));
    }

    // One static target per host name, all the same exporter; a target's own "instance" label wins over its address.
    private static string Configuration(NodeExporterProcess exporter, IEnumerable<string> hosts)
    {
        var yaml = new StringBuilder("""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: node
                static_configs:

            """);
        foreach (var host in hosts)
            yaml.Append($"      - targets: ['{exporter.Address}']\n        labels: {{ instance: '{host}:{exporter.Port}' }}\n");
        return yaml.ToString();
    }

    private async Task<bool> IsReadyAsync()
    {
        using var response = await _probe.GetAsync("-/ready");
        return response.IsSuccessStatusCode;
    }

    private Task WaitForHostAsync(string hostName) =>
        _service.WaitUntilAsync(
            async () => await HasResultAsync($"sum_over_time(up{{instance=\"{InstanceOf(hostName)}\"}}[1m]) >= 2"),
            $"two good scrapes of {InstanceOf(hostName)}", ScrapeDeadline);

    private async Task<bool> HasResultAsync(string promql)
    {
        using var response = await _probe.GetAsync("api/v1/query?query=" + Uri.EscapeDataString(promql));
        if (!response.IsSuccessStatusCode) return false;
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("data").GetProperty("result").GetArrayLength() > 0;
    }

    private static void CheckHostName(string host)
    {
        if (!HostName().IsMatch(host)) throw new ArgumentException($"'{host}' is not a plain host name", nameof(host));
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]+\z")]
    private static partial Regex HostName();
}
