using System.Text.Json.Nodes;
using OpsBot.Commands;

namespace OpsBot.Chat.Discord;

/// <summary>What discord-register sends: the /ops command, built from the verb catalogue.</summary>
public static class DiscordCommands
{
    private const int DescriptionLimit = 100;

    /// <summary>/ops as one chat-input command with a sub-command per verb, so Discord offers the verbs as you type.</summary>
    public static JsonArray Definitions()
    {
        var verbs = CommandCatalog.Verbs.Select(verb =>
        {
            var sub = new JsonObject
            {
                ["type"] = 1,
                ["name"] = verb.Name.ToLowerInvariant(),
                ["description"] = DiscordRenderer.Truncate(verb.Description, DescriptionLimit),
            };
            if (verb.Arguments.Length == 0) return (JsonNode)sub;
            var help = string.IsNullOrWhiteSpace(verb.Arguments) ? "arguments" : verb.Arguments.Trim();
            sub["options"] = new JsonArray(new JsonObject
            {
                ["type"] = 3,
                ["name"] = "args",
                ["description"] = DiscordRenderer.Truncate(help, DescriptionLimit),
                ["required"] = verb.Arguments.StartsWith('<'),
            });
            return sub;
        });
        return new JsonArray(new JsonObject
        {
            ["name"] = "ops",
            ["description"] = "OpsBot: alerts, silences, on-call and fixes",
            ["type"] = 1,
            ["options"] = new JsonArray(verbs.ToArray()),
        });
    }
}
