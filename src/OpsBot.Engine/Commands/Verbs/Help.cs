using System.Text;

namespace OpsBot.Commands.Verbs;

public sealed class HelpCommand : IOpsCommand
{
    public string Verb => "help";

    public Task<CommandReply> RunAsync(CommandCall call, CancellationToken ct) => Task.FromResult(new CommandReply(Text()));

    public static string Text()
    {
        var text = new StringBuilder("OpsBot commands:\n");
        foreach (var verb in CommandCatalog.Verbs)
            text.Append($"/ops {verb.Name}{(verb.Arguments.Length > 0 ? " " + verb.Arguments : "")} — {verb.Description}\n");
        return text.ToString().TrimEnd();
    }
}
