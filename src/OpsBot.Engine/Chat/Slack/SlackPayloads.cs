using System.Text.Json;

namespace OpsBot.Chat.Slack;

/// <summary>A slash command as Slack posts it. <see cref="Text"/> is everything after the command and may be empty.</summary>
public sealed record SlackCommand(string TeamId, string ChannelId, string UserId, string UserName, string Command, string Text,
    string ResponseUrl, string? TriggerId);

/// <summary>A button press: who, on which message, and the first action's <see cref="Value"/> (the card button's ActionId).</summary>
public sealed record SlackAction(string Type, string UserId, string UserName, string? ChannelId, string? MessageTs,
    string? ResponseUrl, string ActionId, string Value);

/// <summary>
/// Reads Slack's inbound form bodies: slash commands, and interactivity whose JSON arrives in the form field "payload".
/// Parse only bodies whose signature has been verified; anything malformed is a <see cref="FormatException"/> naming the field.
/// </summary>
public static class SlackPayloads
{
    /// <summary>Decodes application/x-www-form-urlencoded: '+' is a space, then percent-escapes; a repeated field is refused.</summary>
    public static IReadOnlyDictionary<string, string> ParseForm(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            // Slack never repeats a field; two values would leave "which one did we act on" to chance.
            if (!form.TryAdd(name, value)) throw new FormatException($"Slack form field '{name}' appears more than once");
        }
        return form;
    }

    /// <summary>Slack's certificate probe (ssl_check=1) when public distribution is on; answer 200 and do nothing else.</summary>
    public static bool IsSslCheck(IReadOnlyDictionary<string, string> form) =>
        form.TryGetValue("ssl_check", out var value) && value == "1";

    public static SlackCommand ParseCommand(string body) => ParseCommand(ParseForm(body));

    public static SlackCommand ParseCommand(IReadOnlyDictionary<string, string> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new SlackCommand(
            TeamId: Required(form, "team_id"),
            ChannelId: Required(form, "channel_id"),
            UserId: Required(form, "user_id"),
            // Slack deprecated user_name; a missing one must not cost the user their command.
            UserName: form.GetValueOrDefault("user_name") ?? "",
            Command: Required(form, "command"),
            Text: form.GetValueOrDefault("text") ?? "",
            ResponseUrl: Required(form, "response_url"),
            TriggerId: NullIfEmpty(form.GetValueOrDefault("trigger_id")));
    }

    public static SlackAction ParseAction(string body) => ParseAction(ParseForm(body));

    public static SlackAction ParseAction(IReadOnlyDictionary<string, string> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var payload = Required(form, "payload");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Slack interaction 'payload' is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException($"Slack interaction payload is a JSON {root.ValueKind}, not an object");
            var user = Child(root, "user") ?? throw new FormatException("Slack interaction payload has no 'user'");
            var container = Child(root, "container");
            if (!root.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array || actions.GetArrayLength() == 0)
                throw new FormatException($"Slack interaction payload of type '{Str(root, "type")}' has no 'actions'");
            var action = actions[0];
            if (action.ValueKind != JsonValueKind.Object) throw new FormatException("Slack interaction 'actions[0]' is not an object");

            return new SlackAction(
                Type: RequiredJson(root, "type", "type"),
                UserId: RequiredJson(user, "id", "user.id"),
                UserName: Str(user, "username") ?? Str(user, "name") ?? "",
                // A message's buttons report the channel twice; a Home-tab button has neither.
                ChannelId: Str(Child(root, "channel"), "id") ?? Str(container, "channel_id"),
                MessageTs: Str(container, "message_ts") ?? Str(Child(root, "message"), "ts"),
                ResponseUrl: Str(root, "response_url"),
                ActionId: RequiredJson(action, "action_id", "actions[0].action_id"),
                Value: RequiredJson(action, "value", "actions[0].value"));
        }
    }

    private static string Decode(string encoded) => Uri.UnescapeDataString(encoded.Replace('+', ' '));

    private static string Required(IReadOnlyDictionary<string, string> form, string name)
    {
        if (!form.TryGetValue(name, out var value)) throw new FormatException($"Slack form has no '{name}' field");
        if (value.Length == 0) throw new FormatException($"Slack form field '{name}' is empty");
        return value;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static JsonElement? Child(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Object
            ? child
            : null;

    /// <summary>The property's string; null when absent or JSON null, an error when it holds anything else.</summary>
    private static string? Str(JsonElement? parent, string name)
    {
        if (parent is not { ValueKind: JsonValueKind.Object } p || !p.TryGetProperty(name, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => throw new FormatException($"Slack interaction field '{name}' is a JSON {value.ValueKind}, not a string"),
        };
    }

    private static string RequiredJson(JsonElement parent, string name, string path)
    {
        var value = Str(parent, name);
        if (value is null) throw new FormatException($"Slack interaction payload has no '{path}'");
        if (value.Length == 0) throw new FormatException($"Slack interaction field '{path}' is empty");
        return value;
    }
}
