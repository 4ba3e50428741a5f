namespace OpsBot.Tests.Support;

/// <summary>
/// A real node_exporter (Debian's prometheus-node-exporter) on a loopback port of its own, with only the collectors
/// the host summary reads: the others need /run/udev, D-Bus or hardware a container or CI machine may not have.
/// </summary>
public sealed class NodeExporterProcess : IAsyncDisposable
{
    public const string BinaryPath = "/usr/bin/prometheus-node-exporter";
    public static readonly IReadOnlyList<string> Collectors = ["cpu", "loadavg", "meminfo", "filesystem", "netdev", "stat", "time"];

    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(20);

    private readonly ServiceProcess _service;

    private NodeExporterProcess(ServiceProcess service, int port)
    {
        _service = service;
        Port = port;
    }

    public int Port { get; }

    /// <summary>What Prometheus scrapes: 127.0.0.1:port.</summary>
    public string Address => $"127.0.0.1:{Port}";

    public string Log => _service.Log;

    /// <summary>Starts node_exporter and waits until /metrics answers with the load average.</summary>
    public static Task<NodeExporterProcess> StartAsync() =>
        ServiceProcess.StartOnFreePortAsync("node_exporter", Launch, e => e._service, IsReadyAsync, ReadyDeadline);

    public ValueTask DisposeAsync() => _service.DisposeAsync();

    private static NodeExporterProcess Launch(int port)
    {
        var arguments = new List<string> { $"--web.listen-address=127.0.0.1:{port}", "--collector.disable-defaults" };
        arguments.AddRange(Collectors.Select(c => "--collector." + c));
        return new NodeExporterProcess(ServiceProcess.Start("node_exporter", BinaryPath, arguments), port);
    }

    private static async Task<bool> IsReadyAsync(NodeExporterProcess exporter)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var response = await probe.GetAsync($"http://{exporter.Address}/metrics");
        return response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains("\nnode_load1 ", StringComparison.Ordinal);
    }
}
