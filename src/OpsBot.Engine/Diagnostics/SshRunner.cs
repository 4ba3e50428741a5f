using System.Globalization;
using System.Text.RegularExpressions;

namespace OpsBot.Diagnostics;

/// <summary>
/// Runs a read-only command on a host through the OpenSSH client, non-interactively (no password prompt, no host-key
/// question). Locally no shell is involved; remotely the login shell parses the command, so every element is quoted.
/// </summary>
public sealed partial class SshRunner(SshOptions options)
{
    public const string SshPath = "/usr/bin/ssh";

    private readonly SshOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Runs <paramref name="argv"/> on <paramref name="host"/>; ssh's own failures (unreachable, refused key, unknown host key) are exit code 255.</summary>
    /// <exception cref="ArgumentException">The host is not a plain name or address, or an element holds a NUL.</exception>
    public Task<CommandResult> RunAsync(string host, IReadOnlyList<string> argv, TimeSpan timeout, int maxOutputBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(argv);
        // A leading '-' would make the host an ssh option (-oProxyCommand=…) despite the "--" ssh is given.
        if (!Routing.Matching.HostNames.IsPlain(host))
            throw new ArgumentException($"'{host}' is not a host name or address ssh may be pointed at", nameof(host));
        if (argv.Count == 0) throw new ArgumentException("no command to run", nameof(argv));
        if (argv.Any(a => a is null || a.Contains('\0')))
            throw new ArgumentException("a command element is null or holds a NUL character", nameof(argv));

        return ProcessRunner.RunAsync(SshPath, Arguments(host, argv), timeout, maxOutputBytes, ct);
    }

    /// <summary>
    /// Quotes one argument so that a POSIX shell (sh, bash, dash, zsh) yields it back literally: within single quotes
    /// nothing is special, and a single quote itself is closed, escaped and reopened.
    /// </summary>
    public static string QuoteForRemoteShell(string arg)
    {
        ArgumentNullException.ThrowIfNull(arg);
        return "'" + arg.Replace("'", @"'\''", StringComparison.Ordinal) + "'";
    }

    private List<string> Arguments(string host, IReadOnlyList<string> argv)
    {
        var connectSeconds = Math.Max(1, (int)Math.Ceiling(_options.ConnectTimeout.TotalSeconds));
        var arguments = new List<string>
        {
            "-o", "BatchMode=yes",
            "-o", "ConnectTimeout=" + connectSeconds.ToString(CultureInfo.InvariantCulture),
            "-o", "StrictHostKeyChecking=" + _options.StrictHostKeyChecking,
            // No "Warning: Permanently added …" (accept-new) in the output shown to people; errors still are.
            "-o", "LogLevel=ERROR",
            "-T",
        };
        // Quoted: ssh splits this option's value at whitespace into several files.
        if (!string.IsNullOrWhiteSpace(_options.KnownHostsFile)) arguments.AddRange(["-o", $"UserKnownHostsFile=\"{_options.KnownHostsFile}\""]);
        if (!string.IsNullOrWhiteSpace(_options.KeyFile))
            // Only this key: an agent's or ~/.ssh's keys could log in as someone with more rights.
            arguments.AddRange(["-i", _options.KeyFile, "-o", "IdentitiesOnly=yes"]);
        arguments.AddRange(["-p", _options.Port.ToString(CultureInfo.InvariantCulture), "-l", _options.User, "--", host]);
        // ssh would join separate elements with spaces into one string anyway; one pre-quoted string says so plainly.
        arguments.Add(string.Join(' ', argv.Select(QuoteForRemoteShell)));
        return arguments;
    }
}
