using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OpsBot.Tests.Support;

// Discord REST: messages, threads, interaction follow-ups, command registration (PROTOCOLS.md §2.4–2.7).
public sealed partial class FakeChatApi
{
    private const int MaxContentLength = 2000;
    private const int MaxEmbeds = 10;
    private const int ComponentsV2Flag = 1 << 15;

    private readonly List<DiscordEntry> _discordMessages = [];
    private readonly List<FakeDiscordThread> _discordThreads = [];
    private readonly Dictionary<(string Channel, string Nonce), DiscordEntry> _discordNonces = [];
    private readonly List<FakeInteractionFollowUp> _followUps = [];
    private readonly List<FakeCommandRegistration> _commandRegistrations = [];
    // Real snowflakes are 18–19 digits and grow with time; a counter above that range keeps the same look and order.
    private long _snowflake = 1_300_000_000_000_000_000;

    /// <summary>The bot token Discord requests must carry as "Authorization: Bot …".</summary>
    public string DiscordToken { get; set; } = "discord-test";

    /// <summary>Channels messages may be posted to; while empty, every channel exists. Threads always exist once created.</summary>
    public FakeChannelSet DiscordChannels { get; } = new();

    public IReadOnlyList<FakeDiscordMessage> DiscordMessages
    {
        get { lock (_gate) return [.. _discordMessages.Select(m => m.Snapshot())]; }
    }

    public IReadOnlyList<FakeDiscordThread> DiscordThreads
    {
        get { lock (_gate) return [.. _discordThreads]; }
    }

    /// <summary>Edits of an interaction's original response and follow-up messages, in arrival order.</summary>
    public IReadOnlyList<FakeInteractionFollowUp> InteractionFollowUps
    {
        get { lock (_gate) return [.. _followUps.Select(f => f with { Body = Copy(f.Body) })]; }
    }

    /// <summary>Bulk overwrites of global and guild slash commands, in arrival order.</summary>
    public IReadOnlyList<FakeCommandRegistration> RegisteredCommands
    {
        get { lock (_gate) return [.. _commandRegistrations.Select(r => r with { Commands = (JsonArray)r.Commands.DeepClone() })]; }
    }

    private void MapDiscord(IEndpointRouteBuilder app)
    {
        const string api = "/discord/api/v10";
        app.MapPost(api + "/channels/{channelId}/messages", CreateDiscordMessageAsync);
        app.MapMethods(api + "/channels/{channelId}/messages/{messageId}", [HttpMethods.Patch], EditDiscordMessageAsync);
        app.MapPost(api + "/channels/{channelId}/messages/{messageId}/threads", StartDiscordThreadAsync);
        app.MapMethods(api + "/webhooks/{applicationId}/{token}/messages/{messageId}", [HttpMethods.Patch], RecordFollowUpAsync);
        app.MapPost(api + "/webhooks/{applicationId}/{token}", RecordFollowUpAsync);
        app.MapPut(api + "/applications/{applicationId}/commands", RegisterCommandsAsync);
        app.MapPut(api + "/applications/{applicationId}/guilds/{guildId}/commands", RegisterCommandsAsync);
    }

    private async Task CreateDiscordMessageAsync(HttpContext context)
    {
        if (!await DiscordAuthorizedAsync(context)) return;
        var channel = RouteValue(context, "channelId")!;
        if (await ReadDiscordObjectAsync(context) is not { } body) return;
        if (await InvalidDiscordMessageAsync(context, body, creating: true)) return;

        var status = 200;
        JsonObject answer;
        lock (_gate)
        {
            if (!DiscordChannelExists(channel))
            {
                (status, answer) = (404, DiscordError(10003, "Unknown Channel"));
            }
            else
            {
                // Discord dedupes on the nonce only when asked to (enforce_nonce), and then answers with the first message.
                var nonce = BoolOf(body["enforce_nonce"]) ? StringOf(body["nonce"]) : null;
                if (nonce is null || !_discordNonces.TryGetValue((channel, nonce), out var entry))
                {
                    entry = new DiscordEntry(NextSnowflake(), channel, StringOf(body["nonce"]), Copy(body["allowed_mentions"]), FlagsOf(body));
                    entry.Revisions.Add(new FakeDiscordRevision(StringOf(body["content"]), Copy(body["embeds"]), Copy(body["components"])));
                    _discordMessages.Add(entry);
                    if (nonce is not null) _discordNonces[(channel, nonce)] = entry;
                }
                answer = entry.MessageJson();
            }
        }
        await WriteJsonAsync(context, status, answer);
    }

    private async Task EditDiscordMessageAsync(HttpContext context)
    {
        if (!await DiscordAuthorizedAsync(context)) return;
        var (channel, id) = (RouteValue(context, "channelId")!, RouteValue(context, "messageId")!);
        if (await ReadDiscordObjectAsync(context) is not { } body) return;
        if (await InvalidDiscordMessageAsync(context, body, creating: false)) return;

        JsonObject? answer = null;
        lock (_gate)
        {
            var entry = _discordMessages.Find(m => m.ChannelId == channel && m.Id == id);
            if (entry is not null)
            {
                // PATCH changes only the fields sent; an explicit null clears one.
                var current = entry.Revisions[^1];
                entry.Revisions.Add(new FakeDiscordRevision(
                    body.ContainsKey("content") ? StringOf(body["content"]) : current.Content,
                    body.ContainsKey("embeds") ? Copy(body["embeds"]) : Copy(current.Embeds),
                    body.ContainsKey("components") ? Copy(body["components"]) : Copy(current.Components)));
                if (body.ContainsKey("flags")) entry.Flags = FlagsOf(body);
                if (body.ContainsKey("allowed_mentions")) entry.AllowedMentions = Copy(body["allowed_mentions"]);
                answer = entry.MessageJson();
            }
        }
        await WriteJsonAsync(context, answer is null ? 404 : 200, answer ?? UnknownMessage());
    }

    private async Task StartDiscordThreadAsync(HttpContext context)
    {
        if (!await DiscordAuthorizedAsync(context)) return;
        var (channel, id) = (RouteValue(context, "channelId")!, RouteValue(context, "messageId")!);
        if (await ReadDiscordObjectAsync(context) is not { } body) return;
        var name = StringOf(body["name"]);
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            await WriteJsonAsync(context, 400, InvalidFormBody("name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."));
            return;
        }

        int status;
        JsonObject answer;
        lock (_gate)
        {
            if (!_discordMessages.Exists(m => m.ChannelId == channel && m.Id == id))
                (status, answer) = (404, UnknownMessage());
            else if (_discordThreads.Exists(t => t.Id == id))
                (status, answer) = (400, DiscordError(160004, "A thread has already been created for this message"));
            else
            {
                // A thread started from a message takes the message's id as its channel id, as on Discord.
                _discordThreads.Add(new FakeDiscordThread(id, channel, name));
                (status, answer) = (201, new JsonObject { ["id"] = id, ["type"] = 11, ["parent_id"] = channel, ["name"] = name });
            }
        }
        await WriteJsonAsync(context, status, answer);
    }

    // Follow-ups use the interaction token in the URL instead of the bot token, so no Authorization is checked.
    private async Task RecordFollowUpAsync(HttpContext context)
    {
        if (await ReadDiscordObjectAsync(context) is not { } body) return;
        var messageId = RouteValue(context, "messageId");
        JsonObject answer;
        lock (_gate)
        {
            _followUps.Add(new FakeInteractionFollowUp(context.Request.Method, RouteValue(context, "applicationId")!, RouteValue(context, "token")!,
                messageId, Copy(body)));
            answer = new JsonObject
            {
                ["id"] = messageId is null or "@original" ? NextSnowflake() : messageId,
                ["content"] = StringOf(body["content"]) ?? "",
                ["embeds"] = Copy(body["embeds"]) ?? new JsonArray(),
                ["components"] = Copy(body["components"]) ?? new JsonArray(),
                ["flags"] = FlagsOf(body),
            };
        }
        await WriteJsonAsync(context, 200, answer);
    }

    private async Task RegisterCommandsAsync(HttpContext context)
    {
        if (!await DiscordAuthorizedAsync(context)) return;
        if (await ReadDiscordJsonAsync(context) is not { } body) return;
        if (body is not JsonArray commands || commands.Any(c => c is not JsonObject))
        {
            await WriteJsonAsync(context, 400, InvalidFormBody("_errors", "MODEL_TYPE_CONVERT", "Only iterables may be used in a ListType"));
            return;
        }

        var applicationId = RouteValue(context, "applicationId")!;
        var guildId = RouteValue(context, "guildId");
        JsonArray answer;
        lock (_gate)
        {
            _commandRegistrations.Add(new FakeCommandRegistration(applicationId, guildId, (JsonArray)commands.DeepClone()));
            answer = [];
            foreach (var command in commands)
            {
                var registered = (JsonObject)command!.DeepClone();
                registered["id"] = NextSnowflake();
                registered["application_id"] = applicationId;
                registered["version"] = NextSnowflake();
                if (guildId is not null) registered["guild_id"] = guildId;
                answer.Add(registered);
            }
        }
        await WriteJsonAsync(context, 200, answer);
    }

    private async Task<bool> DiscordAuthorizedAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() == "Bot " + DiscordToken) return true;
        await WriteJsonAsync(context, 401, DiscordError(0, "401: Unauthorized"));
        return false;
    }

    private static async Task<JsonNode?> ReadDiscordJsonAsync(HttpContext context)
    {
        var body = await ReadJsonAsync(context);
        if (body is JsonObject or JsonArray) return body;
        await WriteJsonAsync(context, 400, DiscordError(50109, "The request body contains invalid JSON."));
        return null;
    }

    private static async Task<JsonObject?> ReadDiscordObjectAsync(HttpContext context)
    {
        if (await ReadDiscordJsonAsync(context) is not { } body) return null;
        if (body is JsonObject message) return message;
        await WriteJsonAsync(context, 400, InvalidFormBody("_errors", "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType"));
        return null;
    }

    // The checks Discord makes that an adapter can plausibly trip: empty message, length limits, content with V2 flag.
    private static async Task<bool> InvalidDiscordMessageAsync(HttpContext context, JsonObject body, bool creating)
    {
        var content = StringOf(body["content"]) ?? "";
        var embeds = body["embeds"] as JsonArray;
        JsonObject? error = null;
        if (creating && content.Length == 0 && embeds is not { Count: > 0 } && body["components"] is not JsonArray { Count: > 0 })
            error = DiscordError(50006, "Cannot send an empty message");
        else if (content.Length > MaxContentLength)
            error = InvalidFormBody("content", "BASE_TYPE_MAX_LENGTH", $"Must be {MaxContentLength} or fewer in length.");
        else if (embeds is { Count: > MaxEmbeds })
            error = InvalidFormBody("embeds", "BASE_TYPE_MAX_LENGTH", $"Must be {MaxEmbeds} or fewer in length.");
        else if ((FlagsOf(body) & ComponentsV2Flag) != 0 && (content.Length > 0 || embeds is { Count: > 0 }))
            error = InvalidFormBody("content", "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
                "The 'content' and 'embeds' fields cannot be used when using MessageFlags.IS_COMPONENTS_V2");
        if (error is null) return false;
        await WriteJsonAsync(context, 400, error);
        return true;
    }

    private bool DiscordChannelExists(string channel) =>
        DiscordChannels.Accepts(channel) || _discordThreads.Exists(t => t.Id == channel);

    private static int FlagsOf(JsonNode body) =>
        body["flags"] is JsonValue value && value.TryGetValue<int>(out var flags) ? flags : 0;

    private string NextSnowflake() => (++_snowflake).ToString(CultureInfo.InvariantCulture);

    private static JsonObject UnknownMessage() => DiscordError(10008, "Unknown Message");

    private static JsonObject DiscordError(int code, string message) => new() { ["message"] = message, ["code"] = code };

    private static JsonObject InvalidFormBody(string field, string code, string message) => new()
    {
        ["message"] = "Invalid Form Body",
        ["code"] = 50035,
        ["errors"] = new JsonObject { [field] = new JsonObject { ["_errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = message }) } },
    };

    private void DescribeDiscord(StringBuilder text)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"discord messages ({_discordMessages.Count}):");
        foreach (var m in _discordMessages)
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {m.ChannelId}/{m.Id} edits={m.Revisions.Count - 1}: {m.Revisions[^1].Content} {m.Revisions[^1].Embeds?.ToJsonString()}");
        text.AppendLine(CultureInfo.InvariantCulture, $"discord threads: {string.Join(", ", _discordThreads.Select(t => $"{t.Id} (in {t.ParentChannelId})"))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"discord interaction follow-ups ({_followUps.Count}):");
        foreach (var f in _followUps)
            text.AppendLine(CultureInfo.InvariantCulture, $"  {f.Method} {f.ApplicationId}/{f.MessageId ?? "(new)"}: {f.Body?.ToJsonString()}");
        text.AppendLine(CultureInfo.InvariantCulture, $"discord command registrations: {_commandRegistrations.Count}");
    }

    private sealed class DiscordEntry(string id, string channelId, string? nonce, JsonNode? allowedMentions, int flags)
    {
        public string Id { get; } = id;
        public string ChannelId { get; } = channelId;
        public JsonNode? AllowedMentions { get; set; } = allowedMentions;
        public int Flags { get; set; } = flags;
        public List<FakeDiscordRevision> Revisions { get; } = [];

        public FakeDiscordMessage Snapshot() =>
            new(Id, ChannelId, nonce, Copy(AllowedMentions), Flags,
                [.. Revisions.Select(r => r with { Embeds = Copy(r.Embeds), Components = Copy(r.Components) })]);

        public JsonObject MessageJson()
        {
            var current = Revisions[^1];
            var message = new JsonObject
            {
                ["id"] = Id,
                ["type"] = 0,
                ["channel_id"] = ChannelId,
                ["author"] = new JsonObject { ["id"] = "1000000000000000001", ["username"] = "opsbot", ["bot"] = true },
                ["content"] = current.Content ?? "",
                ["embeds"] = Copy(current.Embeds) ?? new JsonArray(),
                ["components"] = Copy(current.Components) ?? new JsonArray(),
                ["flags"] = Flags,
            };
            if (nonce is not null) message["nonce"] = nonce;
            return message;
        }
    }
}
