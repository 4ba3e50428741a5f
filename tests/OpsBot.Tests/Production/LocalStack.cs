using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Production;

/// <summary>
/// The real production stack of deploy/local/opsbot-local (PostgreSQL, RabbitMQ, two clustered Alertmanagers,
/// Prometheus with node_exporter, two OpsBot replicas), run by the script itself on a port range and state directory
/// of this test run's own, with the replicas built by this test run.
/// </summary>
public sealed class LocalStack : IAsyncDisposable
{
    private readonly string _script = Path.Combine(Fixtures.RepositoryRoot, "deploy", "local", "opsbot-local");
    private readonly Dictionary<string, string> _environment;

    private LocalStack(string stateDir, int portBase, string envFile)
    {
        StateDir = stateDir;
        PortBase = portBase;
        _environment = new()
        {
            ["OPSBOT_LOCAL_DIR"] = stateDir,
            ["OPSBOT_LOCAL_PORT_BASE"] = portBase.ToString(),
            ["OPSBOT_HOST_DLL"] = Path.Combine(AppContext.BaseDirectory, "OpsBot.Host.dll"),
            ["OPSBOT_LOCAL_ENV"] = envFile,
        };
    }

    public string StateDir { get; }
    public int PortBase { get; }
    public Uri Replica(int n) => new($"http://127.0.0.1:{PortBase + 10 + n}");
    public Uri Alertmanager(int n) => new($"http://127.0.0.1:{PortBase + 3 + 2 * n}");
    public string Token => File.ReadAllText(Path.Combine(StateDir, "secrets", "alertmanager-token")).Trim();

    /// <summary>Brings the stack up with <paramref name="replicaSettings"/> (KEY=VALUE, environment form) for both replicas.</summary>
    public static async Task<LocalStack> UpAsync(IReadOnlyDictionary<string, string> replicaSettings)
    {
        var stateDir = Directory.CreateTempSubdirectory("opsbot-stack-").FullName;
        // PostgreSQL runs as its own user, which must reach its data directory inside.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(stateDir, (UnixFileMode)Convert.ToInt32("755", 8));
        var envFile = Path.Combine(stateDir, "replicas.env");
        await File.WriteAllLinesAsync(envFile, replicaSettings.Select(s => $"{s.Key}={s.Value}"));
        var stack = new LocalStack(stateDir, FreePortRange(13), envFile);
        try
        {
            await stack.RunAsync(TimeSpan.FromMinutes(4), "up");
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
        return stack;
    }

    /// <summary>Writes the metric behind the OpsBotLocalTrigger rule (deploy/local/rules.yml): 1 fires it, 0 resolves it.</summary>
    public Task SetTriggerAsync(int value) =>
        File.WriteAllTextAsync(Path.Combine(StateDir, "textfile", "trigger.prom"), $"opsbot_local_trigger {value}\n");

    public Task StopAsync(string component) => RunAsync(TimeSpan.FromMinutes(2), "stop", component);
    public Task StartAsync(string component) => RunAsync(TimeSpan.FromMinutes(3), "start", component);
    public Task KillAsync(string component) => RunAsync(TimeSpan.FromMinutes(1), "kill", component);

    public async Task<string> RunAsync(TimeSpan deadline, params string[] arguments)
    {
        var start = new ProcessStartInfo(_script) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in _environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"opsbot-local {string.Join(' ', arguments)} ran over {deadline}:\n{await output}\n{await error}");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"opsbot-local {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await output}\n{await error}");
        return await output;
    }

    /// <summary>A base port whose next <paramref name="count"/> ports are all free now, away from the ephemeral range's start.</summary>
    private static int FreePortRange(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var candidate = Random.Shared.Next(20_000, 30_000);
            if (Enumerable.Range(candidate + 1, count).All(IsFree)) return candidate;
        }
        throw new InvalidOperationException("no free port range for the local stack");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await RunAsync(TimeSpan.FromMinutes(2), "down", "--purge"); }
        catch (Exception) when (Directory.Exists(StateDir))
        {
            // Already reported by the failing test; leave nothing behind that would hold the ports.
        }
        if (Directory.Exists(StateDir)) Directory.Delete(StateDir, recursive: true);
    }
}
