using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace OpsBot.Routing.Config;

/// <summary>Names where a configuration key came from, so an error message points at the file to fix.</summary>
public static class ConfigSources
{
    public static IReadOnlyList<ConfigIssue> Locate(IConfiguration configuration, IEnumerable<ConfigIssue> issues) =>
        issues.Select(i => i with { Source = SourceOf(configuration, i.Key) }).ToList();

    public static string? SourceOf(IConfiguration configuration, string key)
    {
        if (configuration is not IConfigurationRoot root) return null;
        // Later providers win, so the last one that knows the key (or any key below it) is where it was set.
        for (var probe = key; probe.Length > 0; probe = Parent(probe))
        {
            foreach (var provider in root.Providers.Reverse())
            {
                if (provider.TryGet(probe, out _) || provider.GetChildKeys([], probe).Any()) return Describe(provider);
            }
        }
        return null;
    }

    /// <summary>Relative to the working directory when the file is under it, else the full path.</summary>
    private static string Readable(string path)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    private static string Parent(string key) => key.LastIndexOf(':') is var at and > 0 ? key[..at] : "";

    private static string Describe(IConfigurationProvider provider) => provider switch
    {
        JsonConfigurationProvider json => json.Source.FileProvider is PhysicalFileProvider files
            ? Readable(Path.Combine(files.Root, json.Source.Path ?? ""))
            : json.Source.Path ?? "a JSON file",
        EnvironmentVariablesConfigurationProvider => "environment variables",
        _ => provider.GetType().Name.Replace("ConfigurationProvider", "", StringComparison.Ordinal) switch
        {
            "CommandLine" => "command line",
            "Memory" => "in-memory settings",
            var other => other,
        },
    };
}
