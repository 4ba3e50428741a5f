using Microsoft.Extensions.Logging;
using OpsBot.Notify.Cards;

namespace OpsBot.Commands;

/// <summary>
/// Runs /ops commands and button presses the same way on every platform: parse, check the role, run, answer, audit.
/// Nothing a user types can make it throw; every outcome is a reply and an audit entry.
/// </summary>
public sealed class CommandDispatcher(IEnumerable<IOpsCommand> commands, CardActions actions, AuditLog audit,
    Observability.OpsBotMetrics metrics, ILogger<CommandDispatcher> logger)
{
    private readonly Dictionary<string, IOpsCommand> _commands = commands.ToDictionary(c => c.Verb, StringComparer.OrdinalIgnoreCase);

    public async Task<CommandReply> RunAsync(CommandContext who, string text, CancellationToken ct)
    {
        var trimmed = (text ?? "").Trim();
        var space = trimmed.IndexOf(' ');
        var name = space < 0 ? trimmed : trimmed[..space];
        var arguments = space < 0 ? "" : trimmed[(space + 1)..].Trim();
        if (name.Length == 0) name = "help";
        if (CommandCatalog.Find(name) is not { } verb)
        {
            await FinishAsync(who, "unknown", Clip(name), "invalid", "unknown verb");
            return new CommandReply($"Unknown command '{Clip(name)}'.\n{Verbs.HelpCommand.Text()}");
        }
        return await RunVerbAsync(who, verb, arguments, verb.Name, ct);
    }

    /// <summary>A button press: the opaque id is resolved to the verb and alert it stands for, then run like the command.</summary>
    public async Task<CommandReply> PressAsync(CommandContext who, string actionId, CancellationToken ct)
    {
        var action = await actions.FindAsync(actionId, ct);
        if (action is null)
        {
            await FinishAsync(who, "button", Clip(actionId), "invalid", "unknown button id");
            return new CommandReply("This button is not known to OpsBot (it may come from an older installation).");
        }
        var (verb, arguments) = action.Action switch
        {
            CardActions.Ack => ("ack", $"{action.AlertId}"),
            CardActions.Resolve => ("resolve", $"{action.AlertId}"),
            CardActions.SilenceHour => ("silence", $"#{action.AlertId} 1h silenced from the alert's button"),
            CardActions.ApproveFix => ("fix", $"{action.AlertId}"),
            _ => ("runbook", $"{action.AlertId}"),
        };
        return await RunVerbAsync(who, CommandCatalog.Find(verb)!, arguments, "button:" + action.Action, ct);
    }

    private async Task<CommandReply> RunVerbAsync(CommandContext who, CommandVerb verb, string arguments, string auditAction, CancellationToken ct)
    {
        var call = new CommandCall(who, verb, arguments);
        try
        {
            if (Authorization.Denial(who.Person, who.Platform, verb, team: null) is { } denial) throw new CommandDenied(denial);
            if (!_commands.TryGetValue(verb.Name, out var command))
                throw new CommandUsage($"/ops {verb.Name} is not available in this installation.");
            var reply = await command.RunAsync(call, ct);
            await FinishAsync(who, auditAction, call.Target, "ok", arguments);
            return reply;
        }
        catch (CommandUsage e)
        {
            await FinishAsync(who, auditAction, call.Target, "invalid", e.Message);
            return new CommandReply(e.Message);
        }
        catch (Silences.SilenceRejected e)
        {
            await FinishAsync(who, auditAction, call.Target, "invalid", e.Message);
            return new CommandReply($"{e.Message}\nUsage: /ops {verb.Name} {verb.Arguments}");
        }
        catch (CommandDenied e)
        {
            await FinishAsync(who, auditAction, call.Target, "denied", e.Message);
            return new CommandReply("Not allowed: " + e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(e, "/ops {Verb} {Arguments} from {Platform} user {User} failed", verb.Name, arguments, who.Platform, who.UserId);
            await FinishAsync(who, auditAction, call.Target, "failed", e.Message);
            return new CommandReply($"/ops {verb.Name} failed: {e.Message}");
        }
    }

    private async Task FinishAsync(CommandContext who, string action, string? target, string result, string? detail)
    {
        metrics.ChatRequests.Inc(who.Platform, result);
        await audit.RecordAsync(who, action, target, result, detail);
    }

    private static string Clip(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
