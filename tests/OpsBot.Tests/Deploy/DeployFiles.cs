using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using OpsBot.Alerts;
using OpsBot.Handlers;
using OpsBot.Routing.Config;
using OpsBot.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace OpsBot.Tests.Deploy;

/// <summary>Reads the files under deploy/ and runs the tools that check them (promtool, amtool, systemd-analyze).</summary>
internal static class DeployFiles
{
    public static string Root => Fixtures.RepositoryRoot;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Text(params string[] parts)
    {
        var path = PathOf(parts);
        Assert.True(File.Exists(path), $"{path} is missing");
        return File.ReadAllText(path);
    }

    /// <summary>Every YAML document of the file (a file may hold several, separated by ---).</summary>
    public static IReadOnlyList<YamlMappingNode> YamlDocuments(params string[] parts)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Text(parts)));
        return stream.Documents.Select(d => Assert.IsType<YamlMappingNode>(d.RootNode)).ToList();
    }

    public static YamlMappingNode Yaml(params string[] parts) => Assert.Single(YamlDocuments(parts));

    public static YamlNode? Get(this YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlNode? At(this YamlNode? node, params string[] keys)
    {
        foreach (var key in keys) node = node.Get(key);
        return node;
    }

    public static string? Scalar(this YamlNode? node, params string[] keys) => (node.At(keys) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode? node, params string[] keys) =>
        node.At(keys) is YamlSequenceNode sequence ? sequence.Children : [];

    public static IEnumerable<KeyValuePair<string, YamlNode>> Entries(this YamlNode? node, params string[] keys) =>
        node.At(keys) is YamlMappingNode map
            ? map.Children.Select(c => new KeyValuePair<string, YamlNode>(((YamlScalarNode)c.Key).Value!, c.Value))
            : [];

    /// <summary>The absolute path of a Debian tool the tests need; fails (does not skip) when it is not installed.</summary>
    public static string RequireTool(string path, string package)
    {
        Assert.True(File.Exists(path), $"{path} is missing: install Debian's {package} package (apt-get install {package})");
        return path;
    }

    public sealed record ToolRun(int ExitCode, string Output)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}";
    }

    public static ToolRun Run(string tool, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} ran longer than 60 s");
        }
        process.WaitForExit();
        return new ToolRun(process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>KEY=value lines of an environment file (comments and blank lines left out).</summary>
    public static IReadOnlyDictionary<string, string> EnvFile(params string[] parts) =>
        Text(parts).Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l =>
            {
                var equals = l.IndexOf('=');
                Assert.True(equals > 0, $"{string.Join('/', parts)}: '{l}' is not KEY=value");
                return (Key: l[..equals], Value: l[(equals + 1)..]);
            })
            .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    /// <summary>A systemd unit as (section, key, value) in file order; repeated keys stay repeated.</summary>
    public static IReadOnlyList<(string Section, string Key, string Value)> Unit(params string[] parts)
    {
        var entries = new List<(string, string, string)>();
        var section = "";
        foreach (var raw in Text(parts).Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith(';')) continue;
            if (line.StartsWith('[') && line.EndsWith(']')) { section = line[1..^1]; continue; }
            var equals = line.IndexOf('=');
            Assert.True(equals > 0 && section.Length > 0, $"{string.Join('/', parts)}: '{line}' is neither a [Section] nor Key=value in a section");
            entries.Add((section, line[..equals].Trim(), line[(equals + 1)..].Trim()));
        }
        return entries;
    }
}
