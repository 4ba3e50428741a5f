namespace OpsBot.Commands;

/// <summary>Who is asking, from where.</summary>
public sealed record CommandContext(string Platform, string UserId, string? UserName, string? ChannelId, Person? Person)
{
    /// <summary>How the person appears in silences and audit entries: their member id, else the platform's user.</summary>
    public string Actor => Person?.Id ?? $"{Platform}:{UserId}";
}

/// <param name="InChannel">Shown to the whole channel; otherwise only to the person who asked.</param>
public sealed record CommandReply(string Text, bool InChannel = false);

/// <summary>One run of a verb: its arguments, and the check a handler makes once it knows whose thing it acts on.</summary>
public sealed class CommandCall(CommandContext context, CommandVerb verb, string arguments)
{
    public CommandContext Context { get; } = context;
    public CommandVerb Verb { get; } = verb;
    public string Arguments { get; } = arguments;
    /// <summary>What the command acted on, for the audit log (e.g. "alert 12", "silence 4").</summary>
    public string? Target { get; set; }

    /// <summary>Throws <see cref="CommandDenied"/> unless the person may run this verb on something owned by <paramref name="team"/>.</summary>
    public void RequireTeam(string? team, string target)
    {
        Target = target;
        if (Authorization.Denial(Context.Person, Context.Platform, Verb, team) is { } denial) throw new CommandDenied(denial);
    }

    public string[] Words => Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public CommandUsage Usage(string problem) => new($"{problem}\nUsage: /ops {Verb.Name} {Verb.Arguments}".TrimEnd());
}

/// <summary>A verb's implementation.</summary>
public interface IOpsCommand
{
    string Verb { get; }
    Task<CommandReply> RunAsync(CommandCall call, CancellationToken ct);
}

/// <summary>Bad or missing arguments: the reply is the problem plus the verb's usage.</summary>
public sealed class CommandUsage(string message) : Exception(message);

public sealed class CommandDenied(string message) : Exception(message);
