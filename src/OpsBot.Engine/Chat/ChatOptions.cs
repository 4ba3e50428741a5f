namespace OpsBot.Chat;

/// <summary>The "Chat" section. A platform is on when its bot token is set; secrets come from the environment.</summary>
public sealed class ChatOptions
{
    public const string Section = "Chat";

    public SlackOptions Slack { get; set; } = new();
    public DiscordOptions Discord { get; set; } = new();
    /// <summary>Commands that take longer are answered "working on it" and their reply follows (platforms give up after 3 s).</summary>
    public TimeSpan AnswerWithin { get; set; } = TimeSpan.FromSeconds(2.5);
    /// <summary>Largest request body accepted from a platform.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;
}

public sealed class SlackOptions
{
    /// <summary>xoxb-… bot token (scope chat:write). Set through Chat__Slack__BotToken.</summary>
    public string? BotToken { get; set; }
    /// <summary>Verifies /slack/commands and /slack/interactions. Set through Chat__Slack__SigningSecret.</summary>
    public string? SigningSecret { get; set; }
    /// <summary>Web API base; a local server in tests.</summary>
    public string ApiBaseUrl { get; set; } = "https://slack.com/api/";
    /// <summary>Answers to commands and buttons are posted only to response_url values under this prefix.</summary>
    public string ResponseUrlBase { get; set; } = "https://hooks.slack.com/";

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken);
}

public sealed class DiscordOptions
{
    /// <summary>Bot token. Set through Chat__Discord__BotToken.</summary>
    public string? BotToken { get; set; }
    public string? ApplicationId { get; set; }
    /// <summary>The application's Ed25519 public key (hex), from the developer portal.</summary>
    public string? PublicKey { get; set; }
    /// <summary>REST base including the version; a local server in tests.</summary>
    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10/";
    /// <summary>Register /ops in this guild only (instant) instead of globally.</summary>
    public string? GuildId { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken);
}
