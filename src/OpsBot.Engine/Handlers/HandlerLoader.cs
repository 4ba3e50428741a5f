using System.Text.RegularExpressions;
using OpsBot.Alerts;
using OpsBot.Routing.Matching;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpsBot.Handlers;

/// <summary>
/// Reads handlers/*.yaml (and *.yml), one handler per file, named after the file. Every problem is reported with its
/// file and key; a file with any problem is left out and the other files still load. The schema is in handlers/README.md.
/// </summary>
public static partial class HandlerLoader
{
    private static readonly string[] TopKeys = ["title", "match", "runbook", "links", "diagnostics", "fix"];
    private static readonly string[] MatchKeys = ["alertnames", "matchers", "sources"];
    private static readonly string[] LinkKeys = ["text", "url"];

    /// <summary>The handler files of <paramref name="directory"/> in file-name order (which is also matching order); empty when it does not exist.</summary>
    public static IReadOnlyList<string> Files(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory)
                .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                .OrderBy(Path.GetFileName, StringComparer.Ordinal).ToList()
            : [];

    public static (IReadOnlyList<AlertHandler> Handlers, IReadOnlyList<HandlerIssue> Issues) LoadDirectory(string directory)
    {
        var handlers = new List<AlertHandler>();
        var issues = new List<HandlerIssue>();
        foreach (var file in Files(directory))
        {
            var (handler, fileIssues) = LoadFile(file);
            issues.AddRange(fileIssues);
            if (handler is null) continue;
            if (handlers.Any(h => string.Equals(h.Name, handler.Name, StringComparison.OrdinalIgnoreCase)))
                issues.Add(new HandlerIssue(file, "", $"another file already defines the handler '{handler.Name}'"));
            else
                handlers.Add(handler);
        }
        return (handlers, issues);
    }

    public static (AlertHandler? Handler, IReadOnlyList<HandlerIssue> Issues) LoadFile(string file)
    {
        string text;
        try { text = File.ReadAllText(file); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return (null, [new HandlerIssue(file, "", $"cannot be read: {e.Message}")]); }
        return Parse(file, text);
    }

    /// <param name="file">Names the handler (without extension) and every issue.</param>
    public static (AlertHandler? Handler, IReadOnlyList<HandlerIssue> Issues) Parse(string file, string yaml)
    {
        var issues = new IssueSink(file);
        YamlStream stream = new();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlException e) { return (null, [new HandlerIssue(file, "", e.Message, (int)e.Start.Line, (int)e.Start.Column)]); }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            return (null, [new HandlerIssue(file, "", "a handler file holds one YAML mapping (title:, match:, runbook: ...)")]);

        var name = Path.GetFileNameWithoutExtension(file);
        if (!NamePattern().IsMatch(name)) issues.Add("", $"'{name}' cannot name a handler: start with a letter or digit, then letters, digits, '.', '_' or '-'");
        var top = YamlFields.Open(root, "", issues, "a handler", TopKeys)!;
        var title = Template(top, "title", top.String("title", required: true));
        var match = ReadMatch(top);
        var runbook = (top.Strings("runbook", required: true) ?? []).Select(s => Template(issues, s.Key, s.Value) ?? "").ToList();
        var links = ReadLinks(top);
        var diagnostics = ReadDiagnostics(top);
        var fix = ReadFix(top, diagnostics.Select(d => d.Name).ToList());
        if (issues.Items.Count > 0 || title is null || match is null) return (null, issues.Items);
        return (new AlertHandler
        {
            Name = name, File = file, Title = title, Match = match, Runbook = runbook, Links = links, Diagnostics = diagnostics, Fix = fix,
        }, []);
    }

    private static HandlerMatch? ReadMatch(YamlFields top)
    {
        if (!top.Has("match")) top.Report("match", "required (alertnames:, matchers: or both)");
        if (top.Mapping("match", "match", MatchKeys) is not { } match) return null;
        var alertNames = new List<string>();
        var given = 0;
        foreach (var (key, text) in match.Strings("alertnames") ?? [])
        {
            given++;
            if (text.Trim().Length == 0 || text.Any(char.IsWhiteSpace)) top.Issues.Add(key, $"'{text}' is not an alert name");
            else alertNames.Add(text);
        }
        var matchers = new List<LabelMatcher>();
        foreach (var (key, text) in match.Strings("matchers") ?? [])
        {
            given++;
            try { matchers.Add(LabelMatcher.Parse(text)); }
            catch (FormatException e) { top.Issues.Add(key, e.Message); }
        }
        var sources = new List<AlertSource>();
        foreach (var (key, text) in match.Strings("sources") ?? [])
        {
            AlertSource? source = text.Trim().ToLowerInvariant() switch
            {
                "alertmanager" => AlertSource.Alertmanager,
                "pagerduty" => AlertSource.PagerDuty,
                "events" => AlertSource.Events,
                _ => null,
            };
            if (source is { } known) sources.Add(known);
            else top.Issues.Add(key, $"'{text}' is not one of alertmanager, pagerduty, events");
        }
        if (given == 0) top.Report("match", "name at least alertnames or matchers");
        return new HandlerMatch(alertNames, matchers, sources);
    }

    private static List<HandlerLink> ReadLinks(YamlFields top)
    {
        var links = new List<HandlerLink>();
        var nodes = top.Sequence("links") ?? [];
        for (var i = 0; i < nodes.Count; i++)
        {
            if (YamlFields.Open(nodes[i], $"links[{i}]", top.Issues, "a link", LinkKeys) is not { } link) continue;
            var text = Template(link, "text", link.String("text", required: true));
            var url = Template(link, "url", link.String("url", required: true));
            if (url is not null && !IsWebAddress(url)) link.Report("url", "must start with https:// or http://");
            if (text is not null && url is not null) links.Add(new HandlerLink(text, url));
        }
        return links;
    }

    private static string? Template(YamlFields fields, string key, string? text) => Template(fields.Issues, fields.KeyOf(key), text);

    private static string? Template(IssueSink issues, string key, string? text)
    {
        if (text is not null && HandlerTemplate.Validate(text) is { } error) issues.Add(key, error);
        return text;
    }

    private static bool IsWebAddress(string url) =>
        url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*\z")]
    private static partial Regex NamePattern();
}
