using System.Collections.Concurrent;
using System.Diagnostics;
using OpsBot.Tests.Integration;

namespace OpsBot.Tests.Support;

/// <summary>
/// A real service binary run for a test (Prometheus, node_exporter, sshd): both pipes drained, the tail of its log
/// kept for failure messages, readiness awaited with a deadline, the process tree and its directory removed at the end.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int LogLinesKept = 100;
    private const int StartAttempts = 3;

    private readonly Process _process;
    private readonly string _name;
    private readonly string? _directory;
    private readonly ConcurrentQueue<string> _log = new();
    private bool _disposed;

    private ServiceProcess(Process process, string name, string? directory)
    {
        _process = process;
        _name = name;
        _directory = directory;
    }

    /// <summary>The last lines the service wrote to stdout and stderr.</summary>
    public string Log => string.Join(Environment.NewLine, _log);

    /// <summary>
    /// Starts the service on a free loopback port, <paramref name="launch"/> builds it for a port, and waits until
    /// <paramref name="ready"/>; a port another process took before the service bound it is retried with a new one.
    /// </summary>
    public static async Task<T> StartOnFreePortAsync<T>(string name, Func<int, T> launch, Func<T, ServiceProcess> service,
        Func<T, Task<bool>> ready, TimeSpan deadline) where T : IAsyncDisposable
    {
        for (var attempt = 1; ; attempt++)
        {
            var started = launch(HostProcess.FreePort());
            try
            {
                await service(started).WaitUntilAsync(() => ready(started), $"{name} ready", deadline);
                return started;
            }
            catch (Exception) when (attempt < StartAttempts && service(started).Log.Contains("already in use", StringComparison.OrdinalIgnoreCase))
            {
                await started.DisposeAsync();
            }
            catch
            {
                await started.DisposeAsync();
                throw;
            }
        }
    }

    /// <param name="directory">Deleted on dispose.</param>
    public static ServiceProcess Start(string name, string binary, IEnumerable<string> arguments, string? directory = null)
    {
        if (!File.Exists(binary))
            throw new InvalidOperationException($"{binary} is missing: these tests run a real {name}; see .ci/run for the Debian packages");
        var start = new ProcessStartInfo(binary)
        {
            WorkingDirectory = directory ?? Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var service = new ServiceProcess(new Process { StartInfo = start }, name, directory);
        service._process.OutputDataReceived += (_, line) => service.Keep(line.Data);
        service._process.ErrorDataReceived += (_, line) => service.Keep(line.Data);
        service._process.Start();
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Waits for <paramref name="condition"/>; fails at once, with the log, if the service exits.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan deadline)
    {
        try
        {
            await Eventually.Async(async () =>
            {
                if (_process.HasExited)
                {
                    await _process.WaitForExitAsync(); // lets the log readers reach the end of the pipes
                    throw new InvalidOperationException($"{_name} exited with {_process.ExitCode} before '{what}':{Environment.NewLine}{Log}");
                }
                try
                {
                    return await condition();
                }
                catch (TaskCanceledException)
                {
                    return false; // a probe's own timeout: still starting
                }
            }, what, deadline);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; {_name}'s log:{Environment.NewLine}{Log}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
        if (_directory is null) return;
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory must not fail a test that passed; the OS cleans /tmp.
        }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _log.Enqueue(line);
        while (_log.Count > LogLinesKept) _log.TryDequeue(out _);
    }
}
