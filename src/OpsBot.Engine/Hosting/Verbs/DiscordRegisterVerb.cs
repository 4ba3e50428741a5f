using Microsoft.Extensions.Configuration;
using OpsBot.Chat;
using OpsBot.Chat.Discord;

namespace OpsBot.Hosting.Verbs;

/// <summary>discord-register: registers (or updates) the /ops command with Discord, globally or in Chat:Discord:GuildId.</summary>
public static class DiscordRegisterVerb
{
    public static int Run(IConfiguration configuration, string[] args, TextWriter output, TextWriter error)
    {
        var options = configuration.GetSection(ChatOptions.Section).Get<ChatOptions>()?.Discord ?? new DiscordOptions();
        if (string.IsNullOrWhiteSpace(options.BotToken) || string.IsNullOrWhiteSpace(options.ApplicationId))
        {
            error.WriteLine("discord-register: set Chat__Discord__BotToken and Chat__Discord__ApplicationId (from the Discord developer portal) first");
            return 2;
        }
        using var http = new HttpClient { BaseAddress = new Uri(options.ApiBaseUrl.EndsWith('/') ? options.ApiBaseUrl : options.ApiBaseUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            var count = new DiscordApiClient(http, options).RegisterCommandsAsync(CancellationToken.None).GetAwaiter().GetResult();
            if (count == 0)
            {
                error.WriteLine("discord-register: Discord answered without the registered command");
                return 1;
            }
            var verbs = DiscordCommands.Definitions()[0]?["options"]?.AsArray().Count ?? 0;
            output.WriteLine(options.GuildId is { Length: > 0 } guild
                ? $"Registered /ops ({verbs} sub-commands) in guild {guild}; it is usable at once."
                : $"Registered /ops ({verbs} sub-commands) globally; Discord may take a while to show it everywhere.");
            return 0;
        }
        catch (ChatDeliveryException e)
        {
            error.WriteLine($"discord-register: {e.Message}");
            return 1;
        }
    }
}
