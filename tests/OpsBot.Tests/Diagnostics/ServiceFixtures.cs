using OpsBot.Tests.Support;

namespace OpsBot.Tests.Diagnostics;

/// <summary>A real node_exporter scraped by a real Prometheus as host <see cref="Host"/>, shared by a test class.</summary>
public sealed class PrometheusFixture : IAsyncLifetime
{
    public const string Host = "testhost";

    private NodeExporterProcess? _exporter;
    private PrometheusProcess? _prometheus;

    public PrometheusProcess Prometheus => _prometheus ?? throw new InvalidOperationException("the fixture has not started");

    /// <summary>How long starting both and waiting for two scrapes took, for the report on slow machines.</summary>
    public TimeSpan StartedIn { get; private set; }

    public async Task InitializeAsync()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        _exporter = await NodeExporterProcess.StartAsync();
        _prometheus = await PrometheusProcess.StartAsync(_exporter, Host);
        StartedIn = watch.Elapsed;
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is not null) await _prometheus.DisposeAsync();
        if (_exporter is not null) await _exporter.DisposeAsync();
    }
}

/// <summary>A throwaway sshd shared by a test class.</summary>
public sealed class SshServerFixture : IAsyncLifetime
{
    private SshServer? _server;

    public SshServer Server => _server ?? throw new InvalidOperationException("the fixture has not started");

    public async Task InitializeAsync() => _server = await SshServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
