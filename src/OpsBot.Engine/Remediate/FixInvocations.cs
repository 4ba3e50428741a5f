using OpsBot.Handlers;
using OpsBot.Routing.Matching;

namespace OpsBot.Remediate;

/// <summary>Renders a handler's fix for one alert into the exact invocation, or says why it cannot be run safely.</summary>
public static class FixInvocations
{
    public static (FixInvocation? Invocation, string? Problem) Render(FixSpec fix, AlertContext context, HostInventory inventory)
    {
        switch (fix.Executor)
        {
            case FixExecutor.SshCommand:
            case FixExecutor.SystemdRestart:
                if (context.Host is not { } host) return (null, "target: the alert names no host");
                if (inventory.Find(host) is null) return (null, $"target: host {host} is not in the inventory");
                var templates = fix.Executor == FixExecutor.SshCommand ? fix.Command : ["systemctl", "restart", fix.Unit ?? ""];
                var argv = HandlerTemplate.RenderArguments(templates, context, fix.AllowedPaths);
                return argv.Refused ? (null, "arguments: " + argv.Refusal) : (new FixInvocation(fix.Executor, host, argv.Arguments), null);
            case FixExecutor.KubernetesRolloutRestart:
                var names = HandlerTemplate.RenderArguments([fix.Namespace ?? "", fix.Deployment ?? ""], context, []);
                if (names.Refused) return (null, "arguments: " + names.Refusal);
                var (ns, deployment) = (names.Arguments[0], names.Arguments[1]);
                return (new FixInvocation(fix.Executor, $"{ns}/{deployment}", ["rollout", "restart", $"deployment/{deployment}", "-n", ns]), null);
            default:
                var url = HandlerTemplate.RenderUrl(fix.Url ?? "", context);
                var body = fix.Body is null ? null : HandlerTemplate.RenderJson(fix.Body, context);
                return (new FixInvocation(fix.Executor, new Uri(url).Host, [], url, fix.HttpMethod, body), null);
        }
    }
}
