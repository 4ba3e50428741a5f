using System.Collections.Concurrent;
using System.Diagnostics;
using OpsBot.Tests.Integration;

namespace OpsBot.Tests.Support;

/// <summary>
/// A real Alertmanager (Debian's prometheus-alertmanager) with a port, storage and configuration of its own, no
/// clustering, and one webhook receiver. Tests talk to the genuine API instead of a mock that agrees with us.
/// </summary>
public sealed class AlertmanagerProcess : IAsyncDisposable
{
    public const string BinaryPath = "/usr/bin/prometheus-alertmanager";

    /// <summary>Nothing listens on the discard port, so deliveries fail fast and harmlessly.</summary>
    public const string DummyWebhookUrl = "http://127.0.0.1:9/";

    private const int StartAttempts = 3;
    private const int StderrLinesKept = 100;
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _directory;
    private readonly ConcurrentQueue<string> _stderr;
    private bool _disposed;

    private AlertmanagerProcess(Process process, string directory, Uri url, ConcurrentQueue<string> stderr)
    {
        _process = process;
        _directory = directory;
        Url = url;
        _stderr = stderr;
    }

    /// <summary>The base URL, ending in '/', e.g. http://127.0.0.1:41234/.</summary>
    public Uri Url { get; }

    /// <summary>The last lines Alertmanager wrote to stderr (its log), for failure messages.</summary>
    public string Stderr => string.Join(Environment.NewLine, _stderr);

    /// <summary>Starts Alertmanager and waits until /-/ready answers; alerts go to <paramref name="webhookUrl"/>.</summary>
    public static async Task<AlertmanagerProcess> StartAsync(string? webhookUrl = null)
    {
        if (!File.Exists(BinaryPath))
            throw new InvalidOperationException(
                $"{BinaryPath} is missing: these tests run a real Alertmanager; install it with 'apt-get install prometheus-alertmanager'");
        if (webhookUrl is not null && !(Uri.TryCreate(webhookUrl, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"))
            throw new ArgumentException($"'{webhookUrl}' is not an absolute http(s) URL", nameof(webhookUrl));

        for (var attempt = 1; ; attempt++)
        {
            var alertmanager = Launch(webhookUrl ?? DummyWebhookUrl);
            try
            {
                await alertmanager.WaitReadyAsync();
                return alertmanager;
            }
            // The free port can be taken by another process before Alertmanager binds it; a new port fixes that.
            catch (InvalidOperationException) when (attempt < StartAttempts && alertmanager.Stderr.Contains("address already in use"))
            {
                await alertmanager.DisposeAsync();
            }
            catch
            {
                await alertmanager.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>A new client for this Alertmanager; the caller disposes it.</summary>
    public HttpClient Client() => new() { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(10) };

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory must not fail a test that passed; the OS cleans /tmp.
        }
    }

    private static AlertmanagerProcess Launch(string webhookUrl)
    {
        var port = HostProcess.FreePort();
        var directory = Directory.CreateTempSubdirectory("opsbot-alertmanager-").FullName;
        var config = Path.Combine(directory, "alertmanager.yml");
        File.WriteAllText(config, Configuration(webhookUrl));

        var start = new ProcessStartInfo(BinaryPath)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     $"--config.file={config}",
                     $"--storage.path={Path.Combine(directory, "data")}",
                     $"--web.listen-address=127.0.0.1:{port}",
                     "--cluster.listen-address=", // empty: a lone instance, no gossip port to collide on
                 })
            start.ArgumentList.Add(argument);

        var stderr = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = start };
        // Drain both pipes so a full one never blocks Alertmanager; keep the tail of its log for error messages.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null) return;
            stderr.Enqueue(line.Data);
            while (stderr.Count > StderrLinesKept) stderr.TryDequeue(out string? _); // `out _` would name the sender parameter
        };
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            Directory.Delete(directory, recursive: true);
            throw;
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AlertmanagerProcess(process, directory, new Uri($"http://127.0.0.1:{port}/"), stderr);
    }

    // group_wait and group_interval of 1s: a test sees the webhook within seconds instead of Alertmanager's 30s/5m.
    private static string Configuration(string webhookUrl) => $"""
        route:
          receiver: opsbot
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: opsbot
            webhook_configs:
              - url: '{webhookUrl.Replace("'", "''", StringComparison.Ordinal)}'
                send_resolved: true
        """;

    private async Task WaitReadyAsync()
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            await Eventually.Async(async () =>
            {
                if (_process.HasExited)
                {
                    await _process.WaitForExitAsync(); // lets the stderr reader reach the end of the pipe
                    throw new InvalidOperationException($"Alertmanager exited with {_process.ExitCode} before it was ready:{Environment.NewLine}{Stderr}");
                }
                try
                {
                    using var response = await probe.GetAsync(new Uri(Url, "-/ready"));
                    return response.IsSuccessStatusCode;
                }
                catch (TaskCanceledException)
                {
                    return false; // the probe's own timeout: still starting
                }
            }, "Alertmanager ready", ReadyDeadline);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; Alertmanager's log:{Environment.NewLine}{Stderr}", e);
        }
    }
}
