using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpsBot.Handlers;

/// <summary>Collects one file's issues while it is read.</summary>
internal sealed class IssueSink(string file)
{
    public string File { get; } = file;
    public List<HandlerIssue> Items { get; } = [];
    public void Add(string key, string message) => Items.Add(new HandlerIssue(File, key, message));
}

/// <summary>
/// One YAML mapping of a handler file, read key by key. Walking the representation model instead of deserialising into
/// classes gives every problem its path ("fix.guards.cooldown") and lets a file report all of its problems at once.
/// </summary>
internal sealed partial class YamlFields
{
    private readonly Dictionary<string, YamlNode> _values;

    private YamlFields(Dictionary<string, YamlNode> values, string path, IssueSink issues)
    {
        _values = values;
        Path = path;
        Issues = issues;
    }

    public string Path { get; }
    public IssueSink Issues { get; }

    /// <summary>Null (with an issue) when <paramref name="node"/> is not a mapping. Unknown keys are reported here, once.</summary>
    /// <param name="what">How the mapping is named in messages, e.g. "a diagnostic".</param>
    public static YamlFields? Open(YamlNode node, string path, IssueSink issues, string what, IReadOnlyList<string> keys)
    {
        if (node is not YamlMappingNode mapping)
        {
            issues.Add(path, $"expected a mapping; {what} has {string.Join(", ", keys)}");
            return null;
        }
        var values = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var name = keyNode is YamlScalarNode { Value: { } text } ? text : keyNode.ToString();
            if (!keys.Contains(name, StringComparer.Ordinal))
                issues.Add(Join(path, name), $"unknown key; {what} has {string.Join(", ", keys)}");
            else if (!IsNull(value))
                values[name] = value;
        }
        return new YamlFields(values, path, issues);
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public string KeyOf(string key) => Join(Path, key);

    public bool Has(string key) => _values.ContainsKey(key);

    public void Report(string key, string message) => Issues.Add(KeyOf(key), message);

    public string? String(string key, bool required = false)
    {
        if (!_values.TryGetValue(key, out var node))
        {
            if (required) Report(key, "required");
            return null;
        }
        if (node is not YamlScalarNode { Value: { } text })
        {
            Report(key, "expected a string");
            return null;
        }
        if (required && text.Trim().Length == 0)
        {
            Report(key, "must not be empty");
            return null;
        }
        return text;
    }

    /// <summary>A list of strings, each with its own key ("runbook[2]"); null when absent or not a list.</summary>
    public IReadOnlyList<(string Key, string Value)>? Strings(string key, bool required = false)
    {
        if (Sequence(key, required) is not { } nodes) return null;
        var strings = new List<(string, string)>();
        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[i] is YamlScalarNode { Value: { } text } && !IsNull(nodes[i])) strings.Add(($"{KeyOf(key)}[{i}]", text));
            else Issues.Add($"{KeyOf(key)}[{i}]", "expected a string");
        }
        return strings;
    }

    /// <summary>The entries of a list; a required list must have at least one.</summary>
    public IReadOnlyList<YamlNode>? Sequence(string key, bool required = false)
    {
        if (!_values.TryGetValue(key, out var node))
        {
            if (required) Report(key, "required");
            return null;
        }
        if (node is not YamlSequenceNode sequence)
        {
            Report(key, "expected a list");
            return null;
        }
        if (required && sequence.Children.Count == 0) Report(key, "needs at least one entry");
        return sequence.Children.ToList();
    }

    public YamlFields? Mapping(string key, string what, IReadOnlyList<string> keys) =>
        _values.TryGetValue(key, out var node) ? Open(node, KeyOf(key), Issues, what, keys) : null;

    /// <summary>10s, 5m, 1h: one number and one unit, as people write them in alert rules.</summary>
    public TimeSpan? Duration(string key, TimeSpan max)
    {
        if (String(key) is not { } text) return null;
        var match = DurationPattern().Match(text.Trim());
        if (match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            var value = match.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(count),
                "m" => TimeSpan.FromMinutes(count),
                _ => TimeSpan.FromHours(count),
            };
            if (value > TimeSpan.Zero && value <= max) return value;
        }
        Report(key, $"'{text}' is not a duration such as 10s, 5m or 1h (more than 0, at most {max.TotalHours:0.##}h)");
        return null;
    }

    public int? Int(string key, int min, int max)
    {
        if (String(key) is not { } text) return null;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        Report(key, $"'{text}' is not a whole number from {min} to {max}");
        return null;
    }

    // A key written with no value ("links:") means the same as leaving it out.
    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    [GeneratedRegex(@"^([0-9]{1,6})(s|m|h)\z")]
    private static partial Regex DurationPattern();
}
