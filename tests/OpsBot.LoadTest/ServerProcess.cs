using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OpsBot.LoadTest;

/// <summary>
/// A target started by the benchmark: OpsBot (Release build) or Alertmanager, on a free loopback port with its own
/// temporary data directory, removed again on dispose. Output is kept (last lines only) to explain a failed start.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly string _dataDir;

    public TargetKind Kind { get; }
    public Uri BaseUrl { get; }
    public int Pid => _process.Id;

    private ServerProcess(TargetKind kind, ProcessStartInfo start, int port, string dataDir)
    {
        Kind = kind;
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _dataDir = dataDir;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static ServerProcess StartOpsBot(string dll)
    {
        if (!File.Exists(dll)) throw new FileNotFoundException($"OpsBot build not found at {dll}; run dotnet build -c Release first", dll);
        var port = FreePort();
        var dir = Directory.CreateTempSubdirectory("opsbot-bench-").FullName;
        // Run a private copy: a rebuild of the repository during a long run would otherwise overwrite the loaded assemblies.
        var app = Path.Combine(dir, "app");
        CopyDirectory(Path.GetDirectoryName(Path.GetFullPath(dll))!, app);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dir };
        foreach (var arg in new[]
        {
            Path.Combine(app, Path.GetFileName(dll)), $"--Urls=http://127.0.0.1:{port}", $"--Storage:SqlitePath={Path.Combine(dir, "opsbot.db")}",
            "--Logging:LogLevel:Default=Warning",
        }) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        return new ServerProcess(TargetKind.OpsBot, start, port, dir);
    }

    public static ServerProcess StartAlertmanager(string binary)
    {
        var port = FreePort();
        var dir = Directory.CreateTempSubdirectory("alertmanager-bench-").FullName;
        var config = Path.Combine(dir, "alertmanager.yml");
        // One route to a receiver with no integrations: Alertmanager stores, groups and "notifies" nobody.
        File.WriteAllText(config, "route:\n  receiver: \"null\"\nreceivers:\n  - name: \"null\"\n");
        var start = new ProcessStartInfo(binary) { WorkingDirectory = dir };
        foreach (var arg in new[]
        {
            $"--config.file={config}", $"--storage.path={Path.Combine(dir, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=", "--log.level=warn",
        }) start.ArgumentList.Add(arg);
        return new ServerProcess(TargetKind.Alertmanager, start, port, dir);
    }

    /// <summary>Why the process is gone, or null while it runs.</summary>
    public string? ExitReason()
    {
        if (!_process.HasExited) return null;
        lock (_tail) return $"exit code {_process.ExitCode}; last output:\n  " + string.Join("\n  ", _tail);
    }

    public (long RssKb, long PeakKb) Memory() => ReadMemory(Pid);

    /// <summary>User plus system CPU the process has used, from /proc/PID/stat (clock ticks of 1/100 s on Linux).</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the parenthesised command name, which may itself contain spaces.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }

    /// <summary>VmRSS and VmHWM from /proc/PID/status, in kB.</summary>
    public static (long RssKb, long PeakKb) ReadMemory(int pid)
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kb(line);
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kb(line);
        }
        return (rss, peak);
        static long Kb(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        try { Directory.Delete(_dataDir, recursive: true); }
        catch (IOException) { }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > 20) _tail.Dequeue();
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
