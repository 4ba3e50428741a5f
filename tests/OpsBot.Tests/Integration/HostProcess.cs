using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OpsBot.Tests.Integration;

/// <summary>A real OpsBot.Host process on a port and data directory of its own, for tests that must kill it.</summary>
public sealed class HostProcess : IDisposable
{
    private readonly Process _process;

    private HostProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static HostProcess Start(string dataDir, int port, params string[] settings) => Start(dataDir, port, new Dictionary<string, string>(), settings);

    public static HostProcess Start(string dataDir, int port, IReadOnlyDictionary<string, string> environment, params string[] settings)
    {
        var hostDll = Path.Combine(AppContext.BaseDirectory, "OpsBot.Host.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dataDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        foreach (var arg in new[] { hostDll, $"--Urls=http://127.0.0.1:{port}", $"--Storage:SqlitePath={Path.Combine(dataDir, "opsbot.db")}",
                     "--Logging:LogLevel:Default=Warning" }.Concat(settings))
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start OpsBot.Host");
        // Drain the output so a full pipe never blocks the host.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new HostProcess(process, new Uri($"http://127.0.0.1:{port}"));
    }

    public async Task WaitReadyAsync(HttpClient client) =>
        await Eventually.Async(async () =>
        {
            if (_process.HasExited) throw new InvalidOperationException($"OpsBot.Host exited with {_process.ExitCode}");
            return (await client.GetAsync(new Uri(BaseAddress, "/readyz"))).IsSuccessStatusCode;
        }, "host process ready", TimeSpan.FromSeconds(60));

    /// <summary>SIGKILL: no shutdown hooks, no flushing; what was not committed is gone.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited) KillHard();
        _process.Dispose();
    }
}
