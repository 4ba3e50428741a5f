namespace OpsBot.Handlers;

/// <summary>
/// One handler from handlers/*.yaml, validated: which alerts it is for, the runbook, read-only diagnostics, and
/// optionally a fix with its policy. Texts and argument elements are templates ({{ labels.instance }}, {{ host }}).
/// </summary>
public sealed record AlertHandler
{
    /// <summary>The file name without extension, e.g. "disk-full".</summary>
    public required string Name { get; init; }
    public required string File { get; init; }
    public required string Title { get; init; }
    public required HandlerMatch Match { get; init; }
    public IReadOnlyList<string> Runbook { get; init; } = [];
    public IReadOnlyList<HandlerLink> Links { get; init; } = [];
    public IReadOnlyList<DiagnosticSpec> Diagnostics { get; init; } = [];
    public FixSpec? Fix { get; init; }
}

/// <summary>All given parts must match: one of the alert names, every label matcher, one of the sources.</summary>
public sealed record HandlerMatch(IReadOnlyList<string> AlertNames, IReadOnlyList<Routing.Matching.LabelMatcher> Matchers, IReadOnlyList<Alerts.AlertSource> Sources);

public sealed record HandlerLink(string Text, string Url);

public enum DiagnosticProvider { Prometheus, Ssh, Kubectl }

/// <param name="Query">PromQL template (Prometheus).</param>
/// <param name="Command">Argument vector templates (ssh: run on the alert's host; kubectl: the kubectl arguments).</param>
public sealed record DiagnosticSpec(string Name, DiagnosticProvider Provider, string? Query, IReadOnlyList<string> Command, TimeSpan Timeout, int MaxOutputBytes);

public enum FixExecutor { SshCommand, SystemdRestart, KubernetesRolloutRestart, Http }

public enum FixPolicy { Off, DryRun, Approve, Auto }

/// <summary>A fix: an executor owned by the code, parameterised here. Never a free-form script.</summary>
public sealed record FixSpec
{
    public required FixExecutor Executor { get; init; }
    /// <summary>What the fix does, in a sentence, for the chat message ("compress logs older than a day in /var/log/app").</summary>
    public required string Description { get; init; }
    /// <summary>SshCommand: the argument vector.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];
    /// <summary>SystemdRestart: the unit.</summary>
    public string? Unit { get; init; }
    /// <summary>KubernetesRolloutRestart: namespace and deployment.</summary>
    public string? Namespace { get; init; }
    public string? Deployment { get; init; }
    /// <summary>Http: an external runbook system's job (Rundeck, AWX).</summary>
    public string? Url { get; init; }
    public string HttpMethod { get; init; } = "POST";
    public string? Body { get; init; }
    /// <summary>Paths a rendered path argument must lie under (e.g. /var/log); a path outside is refused.</summary>
    public IReadOnlyList<string> AllowedPaths { get; init; } = [];
    /// <summary>The handler's default; teams override it (Teams:<team>:Fixes:<handler>). dry-run unless a team turns it on.</summary>
    public FixPolicy Policy { get; init; } = FixPolicy.DryRun;
    public TimeSpan VerifyAfter { get; init; } = TimeSpan.FromMinutes(5);
    public FixGuards Guards { get; init; } = new();
    /// <summary>Diagnostics whose outcome must hold before the fix may run.</summary>
    public IReadOnlyList<FixPrecondition> Preconditions { get; init; } = [];
}

public sealed record FixGuards
{
    public int MaxPerTargetPerHour { get; init; } = 2;
    public int MaxPerHandlerPerHour { get; init; } = 10;
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromMinutes(15);
    public int MaxConcurrent { get; init; } = 1;
    /// <summary>This many failed (or unverified) runs within an hour opens the breaker: no more runs of this handler until an admin resets it.</summary>
    public int BreakerFailures { get; init; } = 3;
    /// <summary>More distinct targets than this within an hour is a wide problem, not one for a fix: the breaker opens.</summary>
    public int BreakerMaxTargets { get; init; } = 5;
}

/// <param name="Diagnostic">A diagnostic of the same handler.</param>
/// <param name="Matches">A regular expression its output must match (e.g. a usage above 90%).</param>
public sealed record FixPrecondition(string Diagnostic, string Matches);
