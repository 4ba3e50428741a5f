using System.Text.Json.Nodes;
using OpsBot.Alerts;

namespace OpsBot.Chat.Discord;

/// <summary>
/// Turns a <see cref="ChatMessage"/> into the body of Discord's Create/Edit Message in legacy mode (content + one embed +
/// action rows): the components-v2 flag cannot be removed from a message later and forbids embeds. Every Discord limit
/// is enforced here, because one character too many makes Discord refuse the whole alert.
/// </summary>
public static class DiscordRenderer
{
    public const int ContentLimit = 2000;

    private const int TitleLimit = 256;
    private const int DescriptionLimit = 4096;
    private const int FieldCountLimit = 25;
    private const int FieldNameLimit = 256;
    private const int FieldValueLimit = 1024;
    private const int EmbedTotalLimit = 6000;
    private const int ButtonsPerRow = 5;
    private const int RowLimit = 5;
    private const int LabelLimit = 80;
    private const int CustomIdLimit = 100;
    private const int AllowedUsersLimit = 100;
    // Below this a runbook cut to fit says nothing useful; the field goes instead.
    private const int ShortestUsefulRunbook = 40;

    private sealed record Field(string Name, string Value, bool Inline);

    public static JsonObject Render(ChatMessage m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var users = MentionedUsers(m);
        var mentionLine = string.Join(' ', users.Select(id => $"<@{id}>").Concat(m.MentionChannel ? ["@here"] : []));
        var content = m.Card is null ? JoinNonEmpty(" ", mentionLine, Defuse(m.Text)) : mentionLine;

        return new JsonObject
        {
            ["content"] = Truncate(content, ContentLimit),
            // An empty list (not a missing one) so editing a card into plain text removes the embed and its buttons.
            ["embeds"] = m.Card is null ? new JsonArray() : new JsonArray(Embed(m.Card)),
            // Only what OpsBot means to ping may ping: names, roles or @everyone written in alert text stay inert.
            ["allowed_mentions"] = new JsonObject
            {
                ["parse"] = m.MentionChannel ? new JsonArray("everyone") : new JsonArray(),
                ["users"] = new JsonArray(users.Select(id => (JsonNode)id).ToArray()),
            },
            ["components"] = Components(m.Card?.Buttons ?? []),
        };
    }

    /// <summary>Cuts to at most <paramref name="max"/> UTF-16 units with an ellipsis, never inside a surrogate pair.</summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max) return text;
        if (max <= 1) return max == 1 ? "…" : "";
        var keep = max - 1;
        if (char.IsHighSurrogate(text[keep - 1])) keep--;
        return text[..keep] + "…";
    }

    private static JsonObject Embed(AlertCard card)
    {
        var title = Truncate(card.Title, TitleLimit);
        var footer = $"OpsBot alert #{card.AlertId}";
        var description = Truncate(JoinNonEmpty("\n\n", card.StateLine, card.Summary), DescriptionLimit);

        var runbook = card.RunbookSteps.Count == 0
            ? null
            : NewField("Runbook", string.Join('\n', card.RunbookSteps.Select((s, i) => $"{i + 1}. {s}")), false);
        var links = card.Links.Count == 0 ? null : NewField("Links", string.Join('\n', card.Links.Select(Link)), false);
        var room = FieldCountLimit - (runbook is null ? 0 : 1) - (links is null ? 0 : 1);
        var fields = card.Fields.Take(room).Select(f => NewField(f.Name, f.Value, f.Inline)).ToList();

        // The 6000 total is over the whole embed. Title, state, summary and links say what is wrong and where to look;
        // the runbook and the trailing fields are what a responder can best do without. With both gone the rest fits.
        int Overflow() => title.Length + footer.Length + description.Length - EmbedTotalLimit +
                          fields.Concat([runbook, links]).Sum(f => f is null ? 0 : f.Name.Length + f.Value.Length);
        if (Overflow() > 0 && runbook is not null)
        {
            var keep = runbook.Value.Length - Overflow();
            runbook = keep >= ShortestUsefulRunbook ? runbook with { Value = Truncate(runbook.Value, keep) } : null;
        }
        while (Overflow() > 0 && fields.Count > 0) fields.RemoveAt(fields.Count - 1);

        var embed = new JsonObject { ["title"] = title, ["color"] = Color(card) };
        if (description.Length > 0) embed["description"] = description;
        var all = fields.Concat([runbook, links]).OfType<Field>()
            .Select(f => (JsonNode)new JsonObject { ["name"] = f.Name, ["value"] = f.Value, ["inline"] = f.Inline });
        embed["fields"] = new JsonArray(all.ToArray());
        embed["footer"] = new JsonObject { ["text"] = footer };
        return embed;
    }

    // Discord refuses a field whose name or value is empty, so a blank one still shows as a dash.
    private static Field NewField(string name, string value, bool inline) =>
        new(Truncate(string.IsNullOrWhiteSpace(name) ? "-" : name, FieldNameLimit),
            Truncate(string.IsNullOrWhiteSpace(value) ? "-" : value, FieldValueLimit), inline);

    private static string Link(AlertLink link)
    {
        // Masked links work only for web addresses; a bare address is shown as it is, and Discord links it if it can.
        if (string.IsNullOrWhiteSpace(link.Text)) return link.Href;
        if (!Uri.TryCreate(link.Href, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return $"{link.Text}: {link.Href}";
        var label = link.Text.Replace("[", "\\[").Replace("]", "\\]");
        var target = uri.AbsoluteUri.Replace("(", "%28").Replace(")", "%29");
        return $"[{label}]({target})";
    }

    private static int Color(AlertCard card) => card.State switch
    {
        CardState.Resolved => 0x2E7D32,
        CardState.Acknowledged => 0xF9A825,
        _ => card.Severity switch
        {
            Severity.Critical or Severity.Error => 0xD32F2F,
            Severity.Warning => 0xEF6C00,
            _ => 0x1E88E5,
        },
    };

    private static JsonArray Components(IReadOnlyList<CardButton> buttons)
    {
        // A custom_id Discord would refuse (empty, too long, repeated) would cost the whole card; one button is cheaper.
        var usable = buttons
            .Where(b => b.ActionId is { Length: > 0 and <= CustomIdLimit })
            .DistinctBy(b => b.ActionId, StringComparer.Ordinal)
            .Take(ButtonsPerRow * RowLimit);
        var rows = usable.Chunk(ButtonsPerRow).Select(row => (JsonNode)new JsonObject
        {
            ["type"] = 1,
            ["components"] = new JsonArray(row.Select(Button).ToArray()),
        });
        return new JsonArray(rows.ToArray());
    }

    private static JsonNode Button(CardButton b) => new JsonObject
    {
        ["type"] = 2,
        ["style"] = b.Style switch { ButtonStyle.Primary => 1, ButtonStyle.Danger => 4, _ => 2 },
        ["label"] = Truncate(string.IsNullOrWhiteSpace(b.Label) ? b.ActionId : b.Label, LabelLimit),
        ["custom_id"] = b.ActionId,
    };

    // Snowflakes only: one malformed id in allowed_mentions makes Discord refuse the post along with every real mention.
    private static List<string> MentionedUsers(ChatMessage m) =>
        m.Mentions.Select(p => p.Discord?.Trim())
            .OfType<string>()
            .Where(id => id.Length > 0 && id.All(char.IsAsciiDigit))
            .Distinct(StringComparer.Ordinal)
            .Take(AllowedUsersLimit)
            .ToList();

    // For @here, parse must allow "everyone", which would also let an @everyone in alert text ping the whole server.
    private static string Defuse(string text) =>
        text.Replace("@everyone", "@\u200beveryone", StringComparison.Ordinal).Replace("@here", "@\u200bhere", StringComparison.Ordinal);

    private static string JoinNonEmpty(string separator, params string[] parts) =>
        string.Join(separator, parts.Where(p => !string.IsNullOrEmpty(p)));
}
