using System.Text.RegularExpressions;

namespace OpsBot.Handlers;

public static partial class HandlerLoader
{
    private static readonly string[] FixKeys =
        ["executor", "description", "command", "unit", "namespace", "deployment", "url", "method", "body", "allowed_paths", "policy", "verify_after", "guards", "preconditions"];
    private static readonly string[] GuardKeys =
        ["max_per_target_per_hour", "max_per_handler_per_hour", "cooldown", "max_concurrent", "breaker_failures", "breaker_max_targets"];
    private static readonly string[] PreconditionKeys = ["diagnostic", "matches"];
    private static readonly string[] HttpMethods = ["POST", "PUT", "PATCH"];

    /// <summary>Each executor's own keys, the required ones first.</summary>
    private static readonly (string Name, FixExecutor Executor, string[] Required, string[] Optional)[] Executors =
    [
        ("ssh-command", FixExecutor.SshCommand, ["command"], ["allowed_paths"]),
        ("systemd-restart", FixExecutor.SystemdRestart, ["unit"], []),
        ("k8s-rollout-restart", FixExecutor.KubernetesRolloutRestart, ["namespace", "deployment"], []),
        ("http", FixExecutor.Http, ["url"], ["method", "body"]),
    ];

    private static readonly (string Name, FixPolicy Policy)[] Policies =
        [("off", FixPolicy.Off), ("dry-run", FixPolicy.DryRun), ("approve", FixPolicy.Approve), ("auto", FixPolicy.Auto)];

    private static FixSpec? ReadFix(YamlFields top, IReadOnlyList<string> diagnostics)
    {
        if (top.Mapping("fix", "a fix", FixKeys) is not { } fix) return null;
        var before = fix.Issues.Items.Count;
        var executorName = fix.String("executor", required: true);
        var executor = Executors.FirstOrDefault(e => e.Name == executorName?.Trim());
        if (executorName is not null && executor.Name is null)
            fix.Report("executor", $"'{executorName}' is not one of {string.Join(", ", Executors.Select(e => e.Name))}");
        if (executor.Name is not null)
        {
            foreach (var required in executor.Required.Where(k => !fix.Has(k))) fix.Report(required, $"required by the {executor.Name} executor");
            foreach (var other in Executors.Where(e => e.Name != executor.Name))
                foreach (var key in other.Required.Concat(other.Optional).Where(fix.Has)) fix.Report(key, $"belongs to the {other.Name} executor, not {executor.Name}");
        }
        var description = Template(fix, "description", fix.String("description", required: true));
        var command = fix.Has("command") ? Command(fix, "command") : [];
        var url = Template(fix, "url", fix.String("url"));
        if (url is not null && !IsWebAddress(url)) fix.Report("url", "must start with https:// or http://");
        var method = fix.String("method")?.Trim().ToUpperInvariant() ?? "POST";
        if (!HttpMethods.Contains(method)) fix.Report("method", $"'{method}' is not one of {string.Join(", ", HttpMethods)}");
        var policyName = fix.String("policy");
        var policy = Policies.FirstOrDefault(p => p.Name == policyName?.Trim().ToLowerInvariant());
        if (policyName is not null && policy.Name is null) fix.Report("policy", $"'{policyName}' is not one of {string.Join(", ", Policies.Select(p => p.Name))}");

        var spec = new FixSpec
        {
            Executor = executor.Executor,
            Description = description ?? "",
            Command = command,
            Unit = Template(fix, "unit", fix.String("unit")),
            Namespace = Template(fix, "namespace", fix.String("namespace")),
            Deployment = Template(fix, "deployment", fix.String("deployment")),
            Url = url,
            HttpMethod = method,
            Body = Template(fix, "body", fix.String("body")),
            AllowedPaths = AllowedPaths(fix),
            Policy = policy.Name is null ? FixPolicy.DryRun : policy.Policy,
            VerifyAfter = fix.Duration("verify_after", TimeSpan.FromHours(24)) ?? TimeSpan.FromMinutes(5),
            Guards = Guards(fix),
            Preconditions = Preconditions(fix, diagnostics),
        };
        return fix.Issues.Items.Count > before || executor.Name is null ? null : spec;
    }

    /// <summary>Written out in the file (never templates), absolute, and narrower than the whole file system.</summary>
    private static List<string> AllowedPaths(YamlFields fix)
    {
        var paths = new List<string>();
        foreach (var (key, path) in fix.Strings("allowed_paths") ?? [])
        {
            if (!path.StartsWith('/') || ArgumentSafety.Normalise(path) == "/" || ArgumentSafety.HasParentSegment(path) || path.Contains("{{", StringComparison.Ordinal))
                fix.Issues.Add(key, $"'{path}' is not an absolute directory below / (written out, no '..', no template)");
            else
                paths.Add(ArgumentSafety.Normalise(path));
        }
        return paths;
    }

    private static FixGuards Guards(YamlFields fix)
    {
        var defaults = new FixGuards();
        if (fix.Mapping("guards", "guards", GuardKeys) is not { } guards) return defaults;
        return new FixGuards
        {
            MaxPerTargetPerHour = guards.Int("max_per_target_per_hour", 1, 100) ?? defaults.MaxPerTargetPerHour,
            MaxPerHandlerPerHour = guards.Int("max_per_handler_per_hour", 1, 1000) ?? defaults.MaxPerHandlerPerHour,
            Cooldown = guards.Duration("cooldown", TimeSpan.FromHours(24)) ?? defaults.Cooldown,
            MaxConcurrent = guards.Int("max_concurrent", 1, 100) ?? defaults.MaxConcurrent,
            BreakerFailures = guards.Int("breaker_failures", 1, 100) ?? defaults.BreakerFailures,
            BreakerMaxTargets = guards.Int("breaker_max_targets", 1, 1000) ?? defaults.BreakerMaxTargets,
        };
    }

    private static List<FixPrecondition> Preconditions(YamlFields fix, IReadOnlyList<string> diagnostics)
    {
        var preconditions = new List<FixPrecondition>();
        var nodes = fix.Sequence("preconditions") ?? [];
        for (var i = 0; i < nodes.Count; i++)
        {
            if (YamlFields.Open(nodes[i], fix.KeyOf($"preconditions[{i}]"), fix.Issues, "a precondition", PreconditionKeys) is not { } fields) continue;
            var diagnostic = fields.String("diagnostic", required: true);
            var pattern = fields.String("matches", required: true);
            if (diagnostic is not null && !diagnostics.Contains(diagnostic, StringComparer.Ordinal))
                fields.Report("diagnostic", $"'{diagnostic}' is not a diagnostic of this handler" +
                    (diagnostics.Count == 0 ? " (it has none)" : $" ({string.Join(", ", diagnostics)})"));
            if (pattern is not null)
            {
                try { _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1)); }
                catch (ArgumentException e) { fields.Report("matches", $"not a valid regular expression: {e.Message}"); }
            }
            if (diagnostic is not null && pattern is not null) preconditions.Add(new FixPrecondition(diagnostic, pattern));
        }
        return preconditions;
    }
}
