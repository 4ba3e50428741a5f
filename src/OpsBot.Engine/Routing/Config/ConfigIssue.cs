namespace OpsBot.Routing.Config;

/// <summary>One thing wrong with the configuration, at a configuration key such as Teams:ops:TimeZone.</summary>
public sealed record ConfigIssue(string Key, string Message)
{
    /// <summary>Where the key was set (a file, environment variables, ...); filled in by <see cref="ConfigSources"/>.</summary>
    public string? Source { get; init; }

    public override string ToString() => $"{(Source is null ? "" : Source + ": ")}{Key}: {Message}";
}

/// <summary>The configuration cannot be used; the host refuses to start and names every problem.</summary>
public sealed class InvalidConfigurationException(IReadOnlyList<ConfigIssue> issues)
    : Exception("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, issues.Select(i => "  " + i)))
{
    public IReadOnlyList<ConfigIssue> Issues { get; } = issues;
}
