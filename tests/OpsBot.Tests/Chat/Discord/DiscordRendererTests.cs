using System.Text.Json.Nodes;
using OpsBot.Alerts;
using OpsBot.Chat;
using OpsBot.Chat.Discord;
using OpsBot.Routing.Model;

namespace OpsBot.Tests.Chat.Discord;

public sealed class DiscordRendererTests
{
    private static readonly Member Anna = new("anna", "Anna", "U1", "111111111111111111");
    private static readonly Member NoDiscord = new("bob", "Bob", "U2", null);

    [Fact]
    public void Plain_message_mentions_only_the_people_meant_and_text_cannot_ping()
    {
        var body = DiscordRenderer.Render(new ChatMessage
        {
            Text = "db-1 is down, ask <@222222222222222222> or <@&333> or @everyone",
            Mentions = [Anna, NoDiscord],
        });

        var content = body["content"]!.GetValue<string>();
        Assert.StartsWith("<@111111111111111111> db-1 is down", content);
        Assert.DoesNotContain("@everyone", content);
        Assert.Empty(body["allowed_mentions"]!["parse"]!.AsArray());
        Assert.Equal(["111111111111111111"], Strings(body["allowed_mentions"]!["users"]!));
        Assert.Null(body["allowed_mentions"]!["roles"]);
        Assert.Empty(body["embeds"]!.AsArray());
        Assert.Empty(body["components"]!.AsArray());
        Assert.Null(body["flags"]);
    }

    [Fact]
    public void Channel_mention_is_here_and_allows_only_everyone()
    {
        var body = DiscordRenderer.Render(new ChatMessage { Text = "heads up", MentionChannel = true });

        Assert.Equal("@here heads up", body["content"]!.GetValue<string>());
        Assert.Equal(["everyone"], Strings(body["allowed_mentions"]!["parse"]!));
    }

    [Fact]
    public void Long_plain_text_is_cut_to_2000_with_an_ellipsis()
    {
        var content = DiscordRenderer.Render(new ChatMessage { Text = new string('x', 5000) })["content"]!.GetValue<string>();

        Assert.Equal(2000, content.Length);
        Assert.EndsWith("…", content);
    }

    [Fact]
    public void Card_becomes_one_embed_with_buttons_whose_custom_ids_are_the_action_ids()
    {
        var body = DiscordRenderer.Render(new ChatMessage { Text = "fallback", Card = Card(), Mentions = [Anna] });

        Assert.Equal("<@111111111111111111>", body["content"]!.GetValue<string>());
        var embed = body["embeds"]!.AsArray().Single()!;
        Assert.Equal("[CRITICAL] InstanceDown: db-1 is down (#12)", embed["title"]!.GetValue<string>());
        Assert.Equal("Firing since 03:12 UTC\n\ndb-1 stopped answering", embed["description"]!.GetValue<string>());
        Assert.Equal(0xD32F2F, embed["color"]!.GetValue<int>());
        Assert.Equal("OpsBot alert #12", embed["footer"]!["text"]!.GetValue<string>());
        var fields = embed["fields"]!.AsArray();
        Assert.Equal(["Where", "Runbook", "Links"], fields.Select(f => f!["name"]!.GetValue<string>()));
        Assert.Equal("1. ssh db-1\n2. systemctl restart postgresql", fields[1]!["value"]!.GetValue<string>());
        Assert.Equal("[Dashboard](https://grafana.example/d/db%28main%29)\nhttps://wiki.example/db", fields[2]!["value"]!.GetValue<string>());

        var buttons = body["components"]!.AsArray().Single()!;
        Assert.Equal(1, buttons["type"]!.GetValue<int>());
        Assert.Equal(["a:12:ack", "a:12:silence", "a:12:resolve"], buttons["components"]!.AsArray().Select(b => b!["custom_id"]!.GetValue<string>()));
        Assert.Equal([1, 2, 4], buttons["components"]!.AsArray().Select(b => b!["style"]!.GetValue<int>()));
        Assert.All(buttons["components"]!.AsArray(), b => Assert.Equal(2, b!["type"]!.GetValue<int>()));
        Assert.Null(body["flags"]);
    }

    [Theory]
    [InlineData(CardState.Firing, Severity.Error, 0xD32F2F)]
    [InlineData(CardState.Firing, Severity.Warning, 0xEF6C00)]
    [InlineData(CardState.Firing, Severity.Info, 0x1E88E5)]
    [InlineData(CardState.Acknowledged, Severity.Critical, 0xF9A825)]
    [InlineData(CardState.Resolved, Severity.Critical, 0x2E7D32)]
    public void Colour_follows_state_then_severity(CardState state, Severity severity, int colour)
    {
        var body = DiscordRenderer.Render(new ChatMessage { Text = "t", Card = Card() with { State = state, Severity = severity } });

        Assert.Equal(colour, body["embeds"]![0]!["color"]!.GetValue<int>());
    }

    [Fact]
    public void A_resolved_card_without_buttons_sends_an_empty_component_list_and_no_mention()
    {
        var body = DiscordRenderer.Render(new ChatMessage { Text = "t", Card = Card() with { State = CardState.Resolved, Buttons = [] } });

        Assert.Equal("", body["content"]!.GetValue<string>());
        Assert.Empty(body["components"]!.AsArray());
    }

    [Fact]
    public void Oversized_cards_respect_every_discord_limit()
    {
        var card = Card() with
        {
            Title = new string('T', 400),
            Summary = new string('s', 10_000),
            Fields = Enumerable.Range(0, 30).Select(i => new CardField(new string('n', 300), new string('v', 2000))).ToList(),
            RunbookSteps = Enumerable.Range(0, 200).Select(i => $"step {i} " + new string('r', 20)).ToList(),
            Buttons = Enumerable.Range(0, 30).Select(i => new CardButton(new string('L', 100), $"a:{i}")).Append(new CardButton("x", new string('i', 101))).ToList(),
        };

        var body = DiscordRenderer.Render(new ChatMessage { Text = "t", Card = card });

        var embed = body["embeds"]![0]!;
        var fields = embed["fields"]!.AsArray();
        Assert.True(Text(embed["title"]).Length <= 256);
        Assert.True(Text(embed["description"]).Length <= 4096);
        Assert.True(fields.Count <= 25);
        Assert.All(fields, f => Assert.True(Text(f!["name"]).Length <= 256 && Text(f["value"]).Length <= 1024));
        var total = Text(embed["title"]).Length + Text(embed["description"]).Length + Text(embed["footer"]!["text"]) .Length +
                    fields.Sum(f => Text(f!["name"]).Length + Text(f["value"]).Length);
        Assert.InRange(total, 5000, 6000);
        Assert.Contains(fields, f => Text(f!["name"]) == "Links");

        var rows = body["components"]!.AsArray();
        Assert.Equal(5, rows.Count);
        Assert.All(rows, r => Assert.Equal(5, r!["components"]!.AsArray().Count));
        var buttons = rows.SelectMany(r => r!["components"]!.AsArray()).ToList();
        Assert.All(buttons, b => Assert.True(Text(b!["label"]).Length <= 80 && Text(b["custom_id"]).Length <= 100));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"a:{i}"), buttons.Select(b => Text(b!["custom_id"])));
    }

    [Fact]
    public void Truncation_never_splits_a_surrogate_pair()
    {
        var cut = DiscordRenderer.Truncate("ab\U0001F525cd", 4);

        Assert.Equal("ab…", cut);
    }

    private static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";

    private static IEnumerable<string> Strings(JsonNode node) => node.AsArray().Select(n => n!.GetValue<string>());

    private static AlertCard Card() => new()
    {
        AlertId = 12,
        Title = "[CRITICAL] InstanceDown: db-1 is down (#12)",
        Summary = "db-1 stopped answering",
        Severity = Severity.Critical,
        State = CardState.Firing,
        StateLine = "Firing since 03:12 UTC",
        Fields = [new CardField("Where", "db-1")],
        RunbookSteps = ["ssh db-1", "systemctl restart postgresql"],
        Links = [new AlertLink("https://grafana.example/d/db(main)", "Dashboard"), new AlertLink("https://wiki.example/db", null)],
        Buttons = [new CardButton("Acknowledge", "a:12:ack", ButtonStyle.Primary), new CardButton("Silence 1h", "a:12:silence"), new CardButton("Resolve", "a:12:resolve", ButtonStyle.Danger)],
    };
}
