using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace OpsBot.Diagnostics;

/// <summary>
/// Runs one executable with an argument vector, never through a shell, and gives back what it wrote to stdout and
/// stderr (interleaved as it arrived, up to a cap), its exit code, and whether it had to be killed at the deadline.
/// </summary>
public static class ProcessRunner
{
    // A grandchild that left the process tree (setsid, a daemon) can hold the pipes open after the kill; stop waiting.
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(1);

    /// <returns>The exit code is the process's own, or -1 when it ran past <paramref name="timeout"/> and was killed.</returns>
    /// <exception cref="InvalidOperationException">The executable could not be started (not found, not executable).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; the process tree was killed first.</exception>
    public static async Task<CommandResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, int maxOutputBytes,
        CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(maxOutputBytes);
        ct.ThrowIfCancellationRequested();

        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"could not start '{fileName}': {e.Message}", e);
        }
        // An empty stdin, so a command that reads it ends instead of waiting for the deadline.
        process.StandardInput.Close();

        var output = new CappedOutput(maxOutputBytes);
        var drained = Task.WhenAll(output.DrainAsync(process.StandardOutput.BaseStream), output.DrainAsync(process.StandardError.BaseStream));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            await drained.WaitAsync(deadline.Token);
            return new CommandResult(process.ExitCode, output.Text(), TimedOut: false, output.Truncated);
        }
        catch (OperationCanceledException)
        {
            await KillAsync(process, drained);
            ct.ThrowIfCancellationRequested();
            return new CommandResult(-1, output.Text(), TimedOut: true, output.Truncated);
        }
    }

    private static async Task KillAsync(Process process, Task drained)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own in the meantime.
        }
        try
        {
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(DrainGrace);
            await drained.WaitAsync(DrainGrace);
        }
        catch (TimeoutException)
        {
            // What arrived so far is the answer; a process stuck in the kernel or an escaped grandchild is not ours to wait for.
        }
    }

    private sealed class CappedOutput(int maxBytes)
    {
        private readonly Lock _lock = new();
        private readonly MemoryStream _kept = new();

        public bool Truncated { get; private set; }

        // Reads to the end even past the cap: a writer blocked on a full pipe would never exit.
        public async Task DrainAsync(Stream stream)
        {
            var buffer = new byte[8192];
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer)) > 0) Append(buffer.AsSpan(0, read));
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
            {
                // The pipe went away with the process (or with our Dispose after a timeout).
            }
        }

        public string Text()
        {
            lock (_lock)
            {
                var bytes = _kept.GetBuffer().AsSpan(0, (int)_kept.Length);
                return Encoding.UTF8.GetString(Truncated ? WholeCharacters(bytes) : bytes);
            }
        }

        private void Append(ReadOnlySpan<byte> chunk)
        {
            lock (_lock)
            {
                var room = maxBytes - (int)_kept.Length;
                if (chunk.Length > room) Truncated = true;
                _kept.Write(chunk[..Math.Min(room, chunk.Length)]);
            }
        }

        // The cap can fall inside a multi-byte UTF-8 character; drop its start rather than show a replacement mark.
        private static ReadOnlySpan<byte> WholeCharacters(ReadOnlySpan<byte> bytes)
        {
            var lead = bytes.Length - 1;
            while (lead >= 0 && bytes.Length - lead <= 4 && (bytes[lead] & 0xC0) == 0x80) lead--;
            if (lead < 0 || bytes.Length - lead > 4) return bytes;
            var length = bytes[lead] switch { >= 0xF0 => 4, >= 0xE0 => 3, >= 0xC0 => 2, _ => 1 };
            return lead + length > bytes.Length ? bytes[..lead] : bytes;
        }
    }
}
