using System.Text;
using System.Text.Json.Nodes;
using OpsBot.Alerts;

namespace OpsBot.Chat.Slack;

/// <summary>
/// Renders a <see cref="ChatMessage"/> as the "text" and "blocks" arguments of chat.postMessage and chat.update.
/// Alert text is escaped for mrkdwn and clipped to Block Kit's limits, since Slack refuses a whole message over one long field.
/// </summary>
public static class SlackRenderer
{
    public const int MaxText = 4000;
    public const int MaxHeader = 150;
    public const int MaxSectionText = 3000;
    public const int MaxField = 2000;
    public const int MaxFieldsPerSection = 10;
    public const int MaxButtonText = 75;
    public const int MaxButtonValue = 2000;
    public const int MaxButtons = 25;
    public const int MaxContextElements = 10;
    // Slack allows 50 blocks; the fixed blocks take at most 7, and no sane card has more fields than this.
    private const int MaxFieldBlocks = 40;

    public static JsonObject Render(ChatMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var mentions = MentionLine(m);
        var text = mentions.Length == 0
            ? Clip(Escape(m.Text), MaxText)
            : mentions + " " + Clip(Escape(m.Text), MaxText - mentions.Length - 1);
        var args = new JsonObject { ["text"] = text };
        // A plain message is just text; Slack renders it as mrkdwn. chat.update sends "blocks": [] itself.
        if (m.Card is { } card) args["blocks"] = Blocks(card, mentions);
        return args;
    }

    /// <summary>Slack's mrkdwn escaping: only these three characters are control characters in message text.</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static JsonArray Blocks(AlertCard card, string mentions)
    {
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = Plain(Clip($"{Emoji(card)} {card.Title}", MaxHeader)) },
            Section("*" + Clip(Escape(card.StateLine), MaxSectionText - 2) + "*"),
        };
        if (card.Summary.Length > 0) blocks.Add(Section(Clip(Escape(card.Summary), MaxSectionText)));
        foreach (var block in FieldBlocks(card.Fields).Take(MaxFieldBlocks)) blocks.Add(block);
        if (card.RunbookSteps.Count > 0)
        {
            var steps = card.RunbookSteps.Select((step, i) => $"{i + 1}. {Escape(step)}");
            blocks.Add(Section(Clip("*Runbook*\n" + string.Join('\n', steps), MaxSectionText)));
        }
        if (card.Links.Count > 0)
        {
            var links = card.Links.Take(MaxContextElements).Select(l => (JsonNode)Mrkdwn(Link(l)));
            blocks.Add(new JsonObject { ["type"] = "context", ["elements"] = new JsonArray([.. links]) });
        }
        if (mentions.Length > 0) blocks.Add(Section(Clip(mentions, MaxSectionText)));
        if (card.Buttons.Count > 0) blocks.Add(Actions(card));
        return blocks;
    }

    // Slack lays fields out in two columns, so only inline ones share a section; a wide one gets its own.
    private static IEnumerable<JsonObject> FieldBlocks(IReadOnlyList<CardField> fields)
    {
        var row = new List<JsonNode>();
        foreach (var field in fields)
        {
            if (field.Inline)
            {
                row.Add(Mrkdwn(FieldText(field, MaxField)));
                if (row.Count < MaxFieldsPerSection) continue;
            }
            if (row.Count > 0) yield return new JsonObject { ["type"] = "section", ["fields"] = new JsonArray([.. row]) };
            row = [];
            if (!field.Inline) yield return Section(FieldText(field, MaxSectionText));
        }
        if (row.Count > 0) yield return new JsonObject { ["type"] = "section", ["fields"] = new JsonArray([.. row]) };
    }

    private static string FieldText(CardField field, int max)
    {
        var name = "*" + Clip(Escape(field.Name), max / 4) + "*\n";
        return name + Clip(Escape(field.Value), max - name.Length);
    }

    private static JsonObject Actions(AlertCard card)
    {
        var elements = new JsonArray();
        foreach (var (button, i) in card.Buttons.Take(MaxButtons).Select((b, i) => (b, i)))
        {
            // The value is the only thing the press sends back; clipping it would make the press point nowhere.
            if (button.ActionId.Length > MaxButtonValue)
                throw new ArgumentException($"button '{button.Label}' has an ActionId of {button.ActionId.Length} chars; Slack allows {MaxButtonValue}");
            var element = new JsonObject
            {
                ["type"] = "button",
                ["text"] = Plain(Clip(button.Label, MaxButtonText)),
                ["value"] = button.ActionId,
                // Positional, so nothing from the alert or the label ends up in an id Slack echoes back.
                ["action_id"] = $"opsbot-{i}",
            };
            if (button.Style != ButtonStyle.Default) element["style"] = button.Style == ButtonStyle.Primary ? "primary" : "danger";
            elements.Add(element);
        }
        // Slack keeps a block's interactive state by block_id; a new id per state makes it redraw the buttons.
        return new JsonObject { ["type"] = "actions", ["block_id"] = $"actions-{card.AlertId}-{card.State}", ["elements"] = elements };
    }

    private static string Link(AlertLink link)
    {
        // Slack splits <url|label> at the first '|', so one inside the URL must stay encoded.
        var href = Escape(link.Href).Replace("|", "%7C");
        if (!Uri.TryCreate(link.Href, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return Clip(Escape(link.Text is null ? link.Href : $"{link.Text}: {link.Href}"), MaxField);
        if (string.IsNullOrWhiteSpace(link.Text)) return $"<{Clip(href, MaxField - 2)}>";
        var label = Clip(Escape(link.Text), 200);
        return $"<{Clip(href, MaxField - label.Length - 3)}|{label}>";
    }

    private static string MentionLine(ChatMessage m)
    {
        var parts = new List<string>();
        if (m.MentionChannel) parts.Add("<!here>");
        // Ids come from team configuration; anything but letters and digits would let it inject other syntax.
        parts.AddRange(m.Mentions
            .Select(member => member.Slack)
            .Where(id => !string.IsNullOrEmpty(id) && id.All(char.IsAsciiLetterOrDigit))
            .Distinct(StringComparer.Ordinal)
            .Select(id => $"<@{id}>"));
        return string.Join(' ', parts);
    }

    private static string Emoji(AlertCard card) => card.State switch
    {
        CardState.Resolved => ":white_check_mark:",
        CardState.Acknowledged => ":large_yellow_circle:",
        _ => card.Severity switch
        {
            Severity.Critical or Severity.Error => ":red_circle:",
            Severity.Warning => ":large_orange_circle:",
            _ => ":large_blue_circle:",
        },
    };

    private static JsonObject Section(string mrkdwn) => new() { ["type"] = "section", ["text"] = Mrkdwn(mrkdwn) };

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    private static JsonObject Plain(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };

    // Cut neither inside an escape entity ("&am…" would show as text) nor between the halves of a surrogate pair.
    private static string Clip(string text, int max)
    {
        if (text.Length <= max) return text;
        if (max <= 1) return max == 1 ? "…" : "";
        var cut = max - 1;
        if (char.IsHighSurrogate(text[cut - 1])) cut--;
        var amp = text.LastIndexOf('&', cut - 1);
        if (amp >= 0 && amp + 5 > cut && text.IndexOf(';', amp) >= cut) cut = amp;
        return new StringBuilder(text, 0, cut, max).Append('…').ToString();
    }
}
