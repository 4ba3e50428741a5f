namespace OpsBot.Handlers;

public static partial class HandlerLoader
{
    private static readonly string[] DiagnosticKeys = ["name", "prometheus", "ssh", "kubectl", "timeout", "max_output"];
    private static readonly string[] Providers = ["prometheus", "ssh", "kubectl"];

    // A diagnostic's output is posted to chat: verbs that change the cluster, and secrets, have no place in one.
    private static readonly string[] ReadOnlyKubectlVerbs = ["get", "describe", "logs", "top", "events", "explain", "api-resources", "version"];

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    public const int DefaultMaxOutputBytes = 4000;

    private static List<DiagnosticSpec> ReadDiagnostics(YamlFields top)
    {
        var diagnostics = new List<DiagnosticSpec>();
        var nodes = top.Sequence("diagnostics") ?? [];
        for (var i = 0; i < nodes.Count; i++)
        {
            var key = $"diagnostics[{i}]";
            if (YamlFields.Open(nodes[i], key, top.Issues, "a diagnostic", DiagnosticKeys) is not { } fields) continue;
            var name = fields.String("name", required: true);
            if (name is not null && !NamePattern().IsMatch(name)) fields.Report("name", $"'{name}' is not a name: letters, digits, '.', '_' and '-'");
            else if (name is not null && diagnostics.Any(d => d.Name == name)) fields.Report("name", $"another diagnostic is already named '{name}'");
            var timeout = fields.Duration("timeout", TimeSpan.FromMinutes(5)) ?? DefaultTimeout;
            var maxOutput = fields.Int("max_output", 1, 1_000_000) ?? DefaultMaxOutputBytes;
            var providers = Providers.Where(fields.Has).ToList();
            if (providers.Count != 1)
            {
                top.Issues.Add(key, providers.Count == 0 ? "name one provider: prometheus, ssh or kubectl" : $"name one provider, not {string.Join(" and ", providers)}");
                continue;
            }
            var before = top.Issues.Items.Count;
            string? query = null;
            IReadOnlyList<string> command = [];
            if (providers[0] == "prometheus")
            {
                query = fields.String("prometheus", required: true);
                if (query is not null && HandlerTemplate.ValidatePromQL(query) is { } error) fields.Report("prometheus", error);
            }
            else
            {
                command = Command(fields, providers[0]);
                if (providers[0] == "kubectl") CheckKubectl(fields, command);
            }
            if (name is null || top.Issues.Items.Count > before) continue;
            var provider = providers[0] switch { "prometheus" => DiagnosticProvider.Prometheus, "ssh" => DiagnosticProvider.Ssh, _ => DiagnosticProvider.Kubectl };
            diagnostics.Add(new DiagnosticSpec(name, provider, query, command, timeout, maxOutput));
        }
        return diagnostics;
    }

    /// <summary>An argument vector: the program (or kubectl verb) written out, every element a valid template.</summary>
    private static List<string> Command(YamlFields fields, string key)
    {
        var elements = fields.Strings(key, required: true) ?? [];
        foreach (var (elementKey, text) in elements) Template(fields.Issues, elementKey, text);
        if (elements.Count > 0 && (elements[0].Value.Trim().Length == 0 || HandlerTemplate.Validate(elements[0].Value) is null && HandlerTemplate.HasVariables(elements[0].Value)))
            fields.Issues.Add(elements[0].Key, "the first element must be written out, not filled in from the alert");
        return elements.Select(e => e.Value).ToList();
    }

    private static void CheckKubectl(YamlFields fields, IReadOnlyList<string> command)
    {
        if (command.Count > 0 && !ReadOnlyKubectlVerbs.Contains(command[0], StringComparer.Ordinal))
            fields.Report("kubectl[0]", $"'{command[0]}' is not a read-only kubectl verb ({string.Join(", ", ReadOnlyKubectlVerbs)})");
        for (var i = 0; i < command.Count; i++)
        {
            if (command[i] is "secret" or "secrets" || command[i].StartsWith("secret/", StringComparison.Ordinal) || command[i].StartsWith("secrets/", StringComparison.Ordinal))
                fields.Report($"kubectl[{i}]", "a diagnostic must not read secrets: its output is posted to chat");
        }
    }
}
