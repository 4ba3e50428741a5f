using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpsBot.Chat.Slack;
using OpsBot.Tests.Integration.Routing;
using OpsBot.Tests.Support;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace OpsBot.Tests.Integration.Chat;

/// <summary>
/// The two-team example host wired to a local server that speaks Slack's, Discord's and PagerDuty's APIs, plus
/// helpers that sign requests the way Slack and Discord do.
/// </summary>
public static class ChatHost
{
    public const string SlackSecret = "test-slack-signing-secret";
    public const string DiscordApplicationId = "3100000000000000001";
    // RFC 8032 §7.1 TEST 1: a published key pair, so the test signs exactly like Discord would.
    public const string DiscordSecretKey = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    public const string DiscordPublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    public const string DbaPagesSlack = "C0DBA00002";
    public const string DbaPagesDiscord = "1100000000000000002";
    public const string AnnaSlack = "U0ANNA0001";
    public const string AnnaDiscord = "2100000000000000001";
    public const string DaveSlack = "U0DAVE0001";
    public const string ErinSlack = "U0ERIN0001";
    public const string VeraSlack = "U0VERA0001";

    public static Dictionary<string, string?> Settings(FakeChatApi fake, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Chat:Slack:BotToken"] = fake.SlackToken,
            ["Chat:Slack:SigningSecret"] = SlackSecret,
            ["Chat:Slack:ApiBaseUrl"] = fake.SlackApiBaseUrl,
            ["Chat:Slack:ResponseUrlBase"] = fake.SlackResponseUrlBase,
            ["Chat:Discord:BotToken"] = fake.DiscordToken,
            ["Chat:Discord:ApplicationId"] = DiscordApplicationId,
            ["Chat:Discord:PublicKey"] = DiscordPublicKey,
            ["Chat:Discord:ApiBaseUrl"] = fake.DiscordApiBaseUrl,
            ["PagerDuty:ApiToken"] = fake.PagerDutyToken,
            ["PagerDuty:FromEmail"] = "oncall@example.com",
            ["PagerDuty:ApiBaseUrl"] = fake.PagerDutyApiBaseUrl,
        };
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        return settings;
    }

    public static OpsBotFactory Host(FakeChatApi fake, ManualClock clock, Dictionary<string, string?>? extra = null) =>
        TwoTeams.Host(clock, Settings(fake, extra));

    /// <summary>A host with PostgresDown on db-1 paged to dba: its card posted on both platforms.</summary>
    public static async Task<(FakeChatApi Fake, ManualClock Clock, OpsBotFactory Host, HttpClient Client, long AlertId)> PagedAsync(
        Dictionary<string, string?>? extra = null)
    {
        var fake = await FakeChatApi.StartAsync();
        var clock = new ManualClock(TwoTeams.MondayMorningBerlin);
        var host = Host(fake, clock, extra);
        var client = await host.StartAsync();
        await TwoTeams.SendAsync(client, "PostgresDown", "db-1:9100", "critical", clock.GetUtcNow());
        await fake.WaitUntilAsync(f => f.SlackMessages.Count == 1 && f.DiscordMessages.Count == 1, TimeSpan.FromSeconds(20));
        var id = (await TwoTeams.AlertAsync(client, "PostgresDown")).GetProperty("id").GetInt64();
        return (fake, clock, host, client, id);
    }

    /// <summary>A slash command as Slack sends it: form-encoded, signed with the signing secret at the host's "now".</summary>
    public static Task<HttpResponseMessage> SlashAsync(HttpClient client, TimeProvider clock, string userId, string text, FakeChatApi fake, string? secret = null)
    {
        var form = Form(("team_id", "T0001"), ("channel_id", DbaPagesSlack), ("user_id", userId), ("user_name", userId.ToLowerInvariant()),
            ("command", "/ops"), ("text", text), ("response_url", fake.SlackResponseUrlBase + "commands/T0001/1/abc"), ("trigger_id", "1.2.3"));
        return PostSlackAsync(client, "/slack/commands", form, clock.GetUtcNow().ToUnixTimeSeconds().ToString(), secret ?? SlackSecret);
    }

    /// <summary>A button press (block_actions) carrying the button's value.</summary>
    public static Task<HttpResponseMessage> PressSlackAsync(HttpClient client, TimeProvider clock, string userId, string value, FakeChatApi fake)
    {
        var payload = JsonSerializer.Serialize(new
        {
            type = "block_actions",
            user = new { id = userId, username = userId.ToLowerInvariant() },
            channel = new { id = DbaPagesSlack },
            container = new { type = "message", message_ts = "1", channel_id = DbaPagesSlack },
            response_url = fake.SlackResponseUrlBase + "actions/T0001/2/def",
            actions = new[] { new { action_id = "opsbot-0", block_id = "b", value, type = "button", action_ts = "1" } },
        });
        return PostSlackAsync(client, "/slack/interactions", Form(("payload", payload)), clock.GetUtcNow().ToUnixTimeSeconds().ToString(), SlackSecret);
    }

    public static async Task<HttpResponseMessage> PostSlackAsync(HttpClient client, string path, string body, string timestamp, string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignature.Sign(secret, timestamp, bytes));
        return await client.SendAsync(request);
    }

    public static string Form(params (string Key, string Value)[] fields) =>
        string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));

    /// <summary>An interaction as Discord sends it, signed with the application's key.</summary>
    public static async Task<HttpResponseMessage> PostDiscordAsync(HttpClient client, object interaction, string timestamp = "1700000000", bool tamper = false)
    {
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(interaction));
        var signature = Sign(Encoding.UTF8.GetBytes(timestamp).Concat(body).ToArray());
        if (tamper) body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("\"type\"", "\"type\" "));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/discord/interactions") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Signature-Ed25519", signature);
        request.Headers.Add("X-Signature-Timestamp", timestamp);
        return await client.SendAsync(request);
    }

    public static object DiscordCommand(string userId, string verb, string? args) => new
    {
        id = Guid.NewGuid().ToString("N"), application_id = DiscordApplicationId, type = 2, token = "tok-" + Guid.NewGuid().ToString("N"), version = 1,
        channel_id = DbaPagesDiscord, guild_id = "4100000000000000001",
        member = new { user = new { id = userId, username = "someone" } },
        data = new
        {
            id = "5100000000000000001", name = "ops", type = 1,
            options = new[] { new { name = verb, type = 1, options = args is null ? Array.Empty<object>() : new object[] { new { name = "args", type = 3, value = args } } } },
        },
    };

    public static object DiscordButton(string userId, string customId, string messageId) => new
    {
        id = Guid.NewGuid().ToString("N"), application_id = DiscordApplicationId, type = 3, token = "tok-" + Guid.NewGuid().ToString("N"), version = 1,
        channel_id = DbaPagesDiscord, guild_id = "4100000000000000001",
        member = new { user = new { id = userId, username = "someone" } },
        message = new { id = messageId, channel_id = DbaPagesDiscord },
        data = new { custom_id = customId, component_type = 2 },
    };

    private static string Sign(byte[] message)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, new Ed25519PrivateKeyParameters(Convert.FromHexString(DiscordSecretKey), 0));
        signer.BlockUpdate(message, 0, message.Length);
        return Convert.ToHexStringLower(signer.GenerateSignature());
    }

    /// <summary>Button values of a Slack card, by label.</summary>
    public static Dictionary<string, string> SlackButtons(FakeSlackMessage message) =>
        message.Blocks!.AsArray().Where(b => (string?)b!["type"] == "actions")
            .SelectMany(b => b!["elements"]!.AsArray())
            .ToDictionary(e => (string)e!["text"]!["text"]!, e => (string)e!["value"]!);

    /// <summary>Button custom ids of a Discord card, by label.</summary>
    public static Dictionary<string, string> DiscordButtons(FakeDiscordMessage message) =>
        message.Components!.AsArray().SelectMany(row => row!["components"]!.AsArray())
            .ToDictionary(b => (string)b!["label"]!, b => (string)b!["custom_id"]!);

    public static string AllText(FakeSlackMessage message) => message.Text + " " + message.Blocks?.ToJsonString();
}
