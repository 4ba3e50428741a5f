using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Chat;

namespace OpsBot.Hosting;

/// <summary>Says at start where alerts will be posted, what is half configured, and which secrets sit in files.</summary>
public sealed class ChatStartupWarnings(IConfiguration configuration, IOptions<ChatOptions> options, ILogger<ChatStartupWarnings> logger) : IHostedService
{
    private static readonly string[] Secrets =
        ["Chat:Slack:BotToken", "Chat:Slack:SigningSecret", "Chat:Discord:BotToken", "PagerDuty:ApiToken", "Ingest:Alertmanager:BearerToken",
         "Bus:RabbitMq:Password", "Storage:ConnectionString"];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var chat = options.Value;
        if (!chat.Slack.Enabled && !chat.Discord.Enabled)
            logger.LogWarning("No chat platform is configured (Chat:Slack:BotToken, Chat:Discord:BotToken): messages are printed on the console");
        if (chat.Slack.Enabled && string.IsNullOrWhiteSpace(chat.Slack.SigningSecret))
            logger.LogWarning("Slack posting is on but Chat:Slack:SigningSecret is not set: /ops commands and buttons from Slack are refused");
        if (chat.Discord.Enabled && (string.IsNullOrWhiteSpace(chat.Discord.PublicKey) || string.IsNullOrWhiteSpace(chat.Discord.ApplicationId)))
            logger.LogWarning("Discord posting is on but Chat:Discord:PublicKey or ApplicationId is not set: /ops commands and buttons from Discord are refused");
        if (configuration is IConfigurationRoot root)
        {
            foreach (var provider in root.Providers.OfType<JsonConfigurationProvider>())
                foreach (var key in Secrets)
                    if (provider.TryGet(key, out var value) && IsSecret(key, value))
                        logger.LogWarning("{Key} is set in {File}; keep secrets in environment variables ({Variable})", key, provider.Source.Path, key.Replace(":", "__"));
        }
        return Task.CompletedTask;
    }

    /// <summary>A connection string is a secret only when it carries a password (trust or peer authentication needs none).</summary>
    private static bool IsSecret(string key, string? value) =>
        !string.IsNullOrEmpty(value) && (key != "Storage:ConnectionString" || value.Contains("password", StringComparison.OrdinalIgnoreCase));

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
