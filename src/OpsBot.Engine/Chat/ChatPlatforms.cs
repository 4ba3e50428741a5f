using Microsoft.Extensions.Options;
using OpsBot.Chat.Discord;
using OpsBot.Chat.Slack;

namespace OpsBot.Chat;

/// <summary>The platforms alerts are posted to: those with a bot token. None means the console sink prints what would be posted.</summary>
public sealed class ChatPlatforms(IOptions<ChatOptions> options, SlackApiClient slack, DiscordApiClient discord)
{
    public IReadOnlyList<IChatPlatform> Enabled { get; } = Select(options.Value, slack, discord);

    private static List<IChatPlatform> Select(ChatOptions options, SlackApiClient slack, DiscordApiClient discord)
    {
        var enabled = new List<IChatPlatform>();
        if (options.Slack.Enabled) enabled.Add(slack);
        if (options.Discord.Enabled) enabled.Add(discord);
        return enabled;
    }
}
