using System.Text.Json;

namespace OpsBot.Chat.Discord;

/// <summary>
/// The parts of a Discord interaction OpsBot acts on. <see cref="CommandText"/> is the /ops text as a person would type it
/// ("ack 12"), rebuilt from the sub-command Discord sends, so every platform feeds one command parser.
/// </summary>
public sealed record DiscordInteraction(
    int Type, string Id, string Token, string ApplicationId,
    string? UserId, string? UserName, string? ChannelId, string? GuildId,
    string? CommandText, string? CustomId, string? MessageId)
{
    public const int Ping = 1;
    public const int ApplicationCommand = 2;
    public const int MessageComponent = 3;

    public const int PongCallback = 1;
    public const int ChannelMessageCallback = 4;
    public const int DeferredChannelMessageCallback = 5;
    public const int DeferredUpdateMessageCallback = 6;
    public const int UpdateMessageCallback = 7;

    /// <summary>Message flag: only the person who acted sees the answer.</summary>
    public const int EphemeralFlag = 64;

    private const int SubCommandOption = 1;
    private const string HelpVerb = "help";

    /// <exception cref="FormatException">Not JSON, or no id, token or type.</exception>
    public static DiscordInteraction Parse(ReadOnlyMemory<byte> utf8Json)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Json);
            return From(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Discord interaction is not valid JSON: {e.Message}", e);
        }
    }

    public static DiscordInteraction Parse(string json) => Parse(System.Text.Encoding.UTF8.GetBytes(json));

    private static DiscordInteraction From(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException("Discord interaction is not a JSON object");
        var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt32(out var n)
            ? n
            : throw new FormatException("Discord interaction has no numeric type");
        var id = StringAt(root, "id") is { Length: > 0 } i ? i : throw new FormatException("Discord interaction has no id");
        var token = StringAt(root, "token") is { Length: > 0 } k ? k : throw new FormatException("Discord interaction has no token");

        // Guild interactions carry the person in member.user, direct messages in user.
        var user = ObjectAt(ObjectAt(root, "member"), "user") ?? ObjectAt(root, "user");
        var data = ObjectAt(root, "data");
        return new DiscordInteraction(
            type, id, token, StringAt(root, "application_id") ?? "",
            StringAt(user, "id"), StringAt(user, "username"),
            StringAt(root, "channel_id") ?? StringAt(ObjectAt(root, "channel"), "id"),
            StringAt(root, "guild_id"),
            type == ApplicationCommand ? CommandTextOf(data) : null,
            type == MessageComponent ? StringAt(data, "custom_id") : null,
            type == MessageComponent ? StringAt(ObjectAt(root, "message"), "id") : null);
    }

    // "/ops ack args:12" arrives as options [{type 1, name "ack", options [{name "args", value "12"}]}]. Anything we did
    // not register (an old definition, another shape) answers with help rather than failing the person's command.
    private static string CommandTextOf(JsonElement? data)
    {
        if (ArrayAt(data, "options") is not { } options || options.GetArrayLength() == 0) return HelpVerb;
        var first = options[0];
        if (first.ValueKind != JsonValueKind.Object) return HelpVerb;

        if (IntAt(first, "type") == SubCommandOption && StringAt(first, "name") is { Length: > 0 } verb)
        {
            var args = ArrayAt(first, "options") is { } sub
                ? string.Join(' ', sub.EnumerateArray().Select(ValueText).Where(v => v.Length > 0))
                : "";
            return args.Length == 0 ? verb : verb + " " + args;
        }

        foreach (var option in options.EnumerateArray())
            if (StringAt(option, "name") == "command")
                return ValueText(option) is { Length: > 0 } text ? text : HelpVerb;
        return HelpVerb;
    }

    private static string ValueText(JsonElement option) =>
        option.ValueKind == JsonValueKind.Object && option.TryGetProperty("value", out var v)
            ? (v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).Trim()
            : "";

    private static JsonElement? ObjectAt(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    private static JsonElement? ArrayAt(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v : null;

    private static string? StringAt(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    private static int? IntAt(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;
}
