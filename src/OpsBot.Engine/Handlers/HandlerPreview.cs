using System.Globalization;
using System.Text;

namespace OpsBot.Handlers;

/// <summary>
/// A handler rendered for one alert as plain text: what a responder would see and what would run. Stable on purpose:
/// handlers/examples/*.expected.txt are compared with it byte for byte.
/// </summary>
public static class HandlerPreview
{
    public static string Render(AlertHandler handler, AlertContext context)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var text = new StringBuilder();
        text.Append("handler: ").Append(handler.Name).Append('\n');
        text.Append("title: ").Append(HandlerTemplate.RenderText(handler.Title, context)).Append('\n');
        text.Append("runbook:\n");
        for (var i = 0; i < handler.Runbook.Count; i++)
            text.Append(CultureInfo.InvariantCulture, $"  {i + 1}. {HandlerTemplate.RenderText(handler.Runbook[i], context)}\n");
        if (handler.Links.Count > 0) text.Append("links:\n");
        foreach (var link in handler.Links)
            text.Append(CultureInfo.InvariantCulture, $"  - {HandlerTemplate.RenderText(link.Text, context)} <{HandlerTemplate.RenderUrl(link.Url, context)}>\n");
        if (handler.Diagnostics.Count > 0) text.Append("diagnostics:\n");
        foreach (var diagnostic in handler.Diagnostics) text.Append(Diagnostic(diagnostic, context)).Append('\n');
        if (handler.Fix is { } fix) Fix(text, fix, context);
        else text.Append("fix: none\n");
        return text.ToString();
    }

    /// <summary>The argument vector as a person would type it: elements with shell-special characters in single quotes.</summary>
    public static string Quote(IEnumerable<string> arguments) => string.Join(' ', arguments.Select(Quote));

    public static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "._:/@=+-,%".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static string Duration(TimeSpan span) =>
        span.Ticks % TimeSpan.TicksPerHour == 0 ? $"{(long)span.TotalHours}h"
        : span.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{(long)span.TotalMinutes}m"
        : $"{(long)span.TotalSeconds}s";

    public static string ExecutorName(FixExecutor executor) => executor switch
    {
        FixExecutor.SshCommand => "ssh-command",
        FixExecutor.SystemdRestart => "systemd-restart",
        FixExecutor.KubernetesRolloutRestart => "k8s-rollout-restart",
        _ => "http",
    };

    private static string Diagnostic(DiagnosticSpec diagnostic, AlertContext context)
    {
        var head = $"  - {diagnostic.Name} ({diagnostic.Provider.ToString().ToLowerInvariant()}" +
            (diagnostic.Provider == DiagnosticProvider.Ssh ? $" on {context.Host ?? "(no host)"}" : "") +
            $", timeout {Duration(diagnostic.Timeout)}, max {diagnostic.MaxOutputBytes} bytes): ";
        if (diagnostic.Provider == DiagnosticProvider.Prometheus)
        {
            var query = HandlerTemplate.RenderPromQL(diagnostic.Query ?? "", context);
            return head + (query.Refusal is { } refusal ? "refused: " + refusal : query.Query);
        }
        if (diagnostic.Provider == DiagnosticProvider.Ssh && context.Host is null) return head + "refused: the alert names no host";
        var arguments = HandlerTemplate.RenderArguments(diagnostic.Command, context, []);
        var program = diagnostic.Provider == DiagnosticProvider.Kubectl ? "kubectl " : "";
        return head + (arguments.Refusal is { } reason ? "refused: " + reason : program + Quote(arguments.Arguments));
    }

    private static void Fix(StringBuilder text, FixSpec fix, AlertContext context)
    {
        var on = fix.Executor is FixExecutor.SshCommand or FixExecutor.SystemdRestart ? $" on {context.Host ?? "(no host)"}" : "";
        text.Append(CultureInfo.InvariantCulture, $"fix: {ExecutorName(fix.Executor)}{on}, policy {Remediate.FixPolicyNames.Name(fix.Policy)}\n");
        text.Append("  description: ").Append(HandlerTemplate.RenderText(fix.Description, context)).Append('\n');
        switch (fix.Executor)
        {
            case FixExecutor.SshCommand:
                Arguments(text, "command", fix.Command, context, fix.AllowedPaths);
                if (fix.AllowedPaths.Count > 0) text.Append("  allowed paths: ").Append(string.Join(", ", fix.AllowedPaths)).Append('\n');
                break;
            case FixExecutor.SystemdRestart:
                Arguments(text, "unit", [fix.Unit ?? ""], context, []);
                break;
            case FixExecutor.KubernetesRolloutRestart:
                var target = HandlerTemplate.RenderArguments([fix.Namespace ?? "", fix.Deployment ?? ""], context, []);
                text.Append(target.Refusal is { } refusal
                    ? $"  deployment: refused: {refusal}\n"
                    : $"  deployment: {target.Arguments[1]} in namespace {target.Arguments[0]}\n");
                break;
            default:
                text.Append(CultureInfo.InvariantCulture, $"  request: {fix.HttpMethod} {HandlerTemplate.RenderUrl(fix.Url ?? "", context)}\n");
                if (fix.Body is { } body) text.Append("  body: ").Append(HandlerTemplate.RenderJson(body, context)).Append('\n');
                break;
        }
        text.Append("  verify after: ").Append(Duration(fix.VerifyAfter)).Append('\n');
        var g = fix.Guards;
        text.Append(CultureInfo.InvariantCulture, $"  guards: {g.MaxPerTargetPerHour}/target/hour, {g.MaxPerHandlerPerHour}/handler/hour, cool-down {Duration(g.Cooldown)}, ")
            .Append(CultureInfo.InvariantCulture, $"{g.MaxConcurrent} at a time, breaker at {g.BreakerFailures} failures or {g.BreakerMaxTargets} targets\n");
        foreach (var precondition in fix.Preconditions)
            text.Append(CultureInfo.InvariantCulture, $"  precondition: {precondition.Diagnostic} matches {Quote(precondition.Matches)}\n");
    }

    private static void Arguments(StringBuilder text, string label, IReadOnlyList<string> templates, AlertContext context, IReadOnlyList<string> allowedPaths)
    {
        var rendered = HandlerTemplate.RenderArguments(templates, context, allowedPaths);
        text.Append("  ").Append(label).Append(": ").Append(rendered.Refusal is { } reason ? "refused: " + reason : Quote(rendered.Arguments)).Append('\n');
    }
}
