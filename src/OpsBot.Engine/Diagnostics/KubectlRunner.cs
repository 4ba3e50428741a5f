namespace OpsBot.Diagnostics;

/// <summary>
/// Runs kubectl locally with an argument vector, never through a shell. Which arguments may start with '-' (flags
/// literal in a handler, not templated from an alert) is the caller's policy; this only refuses what cannot be a
/// single argument.
/// </summary>
public sealed class KubectlRunner(KubectlOptions options)
{
    private readonly KubectlOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <exception cref="ArgumentException">An element holds a newline or NUL (a sign of a templated value gone wrong).</exception>
    /// <exception cref="InvalidOperationException">kubectl could not be started.</exception>
    public Task<CommandResult> RunAsync(IReadOnlyList<string> argv, TimeSpan timeout, int maxOutputBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(argv);
        if (argv.Count == 0) throw new ArgumentException("no kubectl arguments", nameof(argv));
        foreach (var argument in argv)
        {
            if (argument is null || argument.AsSpan().IndexOfAny('\n', '\r', '\0') >= 0)
                throw new ArgumentException("a kubectl argument is null or holds a newline or NUL character", nameof(argv));
        }
        return ProcessRunner.RunAsync(_options.Path, Arguments(argv), timeout, maxOutputBytes, ct);
    }

    // The global flags go first: after a "--" in argv (kubectl exec … -- cmd) they would be handed to the command.
    // The "--flag=value" form keeps a value that starts with '-' from being read as another flag.
    private List<string> Arguments(IReadOnlyList<string> argv)
    {
        var arguments = new List<string>();
        if (!string.IsNullOrWhiteSpace(_options.Context)) arguments.Add("--context=" + _options.Context);
        if (!string.IsNullOrWhiteSpace(_options.Kubeconfig)) arguments.Add("--kubeconfig=" + _options.Kubeconfig);
        arguments.AddRange(argv);
        return arguments;
    }
}
