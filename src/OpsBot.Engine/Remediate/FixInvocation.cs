using System.Text.Json;
using OpsBot.Handlers;

namespace OpsBot.Remediate;

/// <summary>
/// Exactly what a fix run executes, rendered and checked when it was proposed and stored with the run, so an
/// approval approves what the person saw and nothing is rendered again later.
/// </summary>
/// <param name="Argv">ssh: the command on <see cref="Target"/>; kubectl: its arguments; empty for http.</param>
public sealed record FixInvocation(FixExecutor Executor, string Target, IReadOnlyList<string> Argv, string? Url = null, string? Method = null, string? Body = null)
{
    public string Describe() => Executor switch
    {
        FixExecutor.Http => $"{Method} {Url}",
        FixExecutor.KubernetesRolloutRestart => "kubectl " + string.Join(' ', Argv.Select(Quote)),
        _ => $"ssh {Target} " + string.Join(' ', Argv.Select(Quote)),
    };

    public string ToJson() => JsonSerializer.Serialize(this);

    public static FixInvocation FromJson(string json) =>
        JsonSerializer.Deserialize<FixInvocation>(json) ?? throw new InvalidOperationException("empty fix invocation");

    private static string Quote(string arg) => arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "._:/@=+-,".Contains(c)) ? arg : $"'{arg}'";
}
