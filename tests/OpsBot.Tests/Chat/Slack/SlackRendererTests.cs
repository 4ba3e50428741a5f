using System.Text.Json.Nodes;
using OpsBot.Alerts;
using OpsBot.Chat;
using OpsBot.Chat.Slack;
using OpsBot.Routing.Model;

namespace OpsBot.Tests.Chat.Slack;

public sealed class SlackRendererTests
{
    internal static AlertCard Card(CardState state = CardState.Firing) => new()
    {
        AlertId = 12,
        Title = "[CRITICAL] InstanceDown: db-1 is down (#12)",
        Summary = "db-1 < 1 replica & falling > fast",
        Severity = Severity.Critical,
        State = state,
        StateLine = "Firing since 03:12 UTC",
        Fields = [new("Where", "prod/db-1"), new("Owner", "dba"), new("Why", "probe failed", Inline: false)],
        RunbookSteps = ["Check the disk", "Restart <postgres>"],
        Links = [new("https://grafana.example/d/1?a=1&b=2", "Dashboard"), new("https://runbooks.example/db", null)],
        Buttons = [new("Acknowledge", "a0001", ButtonStyle.Primary), new("Silence 1h", "a0002"), new("Resolve <db-1> & co", "a0003", ButtonStyle.Danger)],
    };

    [Fact]
    public void Card_HeaderStateAndButtons()
    {
        var args = SlackRenderer.Render(new ChatMessage { Text = "db-1 is down", Card = Card() });

        var blocks = Blocks(args);
        Assert.Equal("header", (string?)blocks[0]["type"]);
        Assert.Equal(":red_circle: [CRITICAL] InstanceDown: db-1 is down (#12)", (string?)blocks[0]["text"]!["text"]);
        Assert.Equal("plain_text", (string?)blocks[0]["text"]!["type"]);
        Assert.Equal("*Firing since 03:12 UTC*", (string?)blocks[1]["text"]!["text"]);

        var actions = blocks.Single(b => (string?)b["type"] == "actions");
        Assert.Equal("actions-12-Firing", (string?)actions["block_id"]);
        var buttons = actions["elements"]!.AsArray().Select(b => b!.AsObject()).ToList();
        Assert.Equal(["a0001", "a0002", "a0003"], buttons.Select(b => (string?)b["value"]));
        Assert.Equal(["opsbot-0", "opsbot-1", "opsbot-2"], buttons.Select(b => (string?)b["action_id"]));
        Assert.Equal(["primary", null, "danger"], buttons.Select(b => (string?)b["style"]));
        Assert.False(buttons[1].ContainsKey("style"));
        Assert.Equal("Resolve <db-1> & co", (string?)buttons[2]["text"]!["text"]);
    }

    [Fact]
    public void NothingFromLabelsOrAlertsEndsUpInIds()
    {
        var card = Card() with { Buttons = [new("Ack db-1 <x|y>", "a0001"), new("opsbot-evil", "a0002")] };

        var ids = Ids(SlackRenderer.Render(new ChatMessage { Text = "t", Card = card })).ToList();

        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.Matches(@"^(opsbot-\d+|actions-12-Firing)$", id));
    }

    [Fact]
    public void EachStateHasItsOwnActionsBlockId()
    {
        var ids = new[] { CardState.Firing, CardState.Acknowledged }
            .Select(s => (string?)Blocks(SlackRenderer.Render(new ChatMessage { Text = "t", Card = Card(s) })).Single(b => (string?)b["type"] == "actions")["block_id"])
            .ToList();

        Assert.Equal(["actions-12-Firing", "actions-12-Acknowledged"], ids);
    }

    [Theory]
    [InlineData(CardState.Acknowledged, ":large_yellow_circle:")]
    [InlineData(CardState.Resolved, ":white_check_mark:")]
    public void HeaderEmoji_FollowsTheState(CardState state, string emoji) =>
        Assert.StartsWith(emoji + " ", (string?)Blocks(SlackRenderer.Render(new ChatMessage { Text = "t", Card = Card(state) }))[0]["text"]!["text"]);

    [Fact]
    public void AlertText_IsEscapedForMrkdwn()
    {
        var args = SlackRenderer.Render(new ChatMessage { Text = "a <b> & c", Card = Card() });
        var texts = MrkdwnTexts(args).ToList();

        Assert.Equal("a &lt;b&gt; &amp; c", (string?)args["text"]);
        Assert.Contains("db-1 &lt; 1 replica &amp; falling &gt; fast", texts);
        Assert.Contains("*Runbook*\n1. Check the disk\n2. Restart &lt;postgres&gt;", texts);
    }

    [Fact]
    public void Fields_InlineShareASection_WideOnesStandAlone()
    {
        var blocks = Blocks(SlackRenderer.Render(new ChatMessage { Text = "t", Card = Card() }));

        var row = blocks.Single(b => b["fields"] is not null)["fields"]!.AsArray();
        Assert.Equal(["*Where*\nprod/db-1", "*Owner*\ndba"], row.Select(f => (string?)f!["text"]));
        Assert.Contains(blocks, b => (string?)b["text"]?["text"] == "*Why*\nprobe failed");
    }

    [Fact]
    public void Links_AreSlackLinksInAContextBlock()
    {
        var context = Blocks(SlackRenderer.Render(new ChatMessage { Text = "t", Card = Card() })).Single(b => (string?)b["type"] == "context");

        Assert.Equal(["<https://grafana.example/d/1?a=1&amp;b=2|Dashboard>", "<https://runbooks.example/db>"],
            context["elements"]!.AsArray().Select(e => (string?)e!["text"]));
    }

    [Fact]
    public void Mentions_WithSlackIds_InTextAndAMentionSection()
    {
        var message = new ChatMessage
        {
            Text = "db-1 is down",
            Card = Card(),
            MentionChannel = true,
            Mentions = [new Member("anna", "Anna", "U111", null), new Member("bob", "Bob", null, "4242"), new Member("eve", "Eve", "U1><!channel", null),
                new Member("anna2", "Anna again", "U111", null)],
        };

        var args = SlackRenderer.Render(message);

        Assert.Equal("<!here> <@U111> db-1 is down", (string?)args["text"]);
        Assert.Contains("<!here> <@U111>", MrkdwnTexts(args));
    }

    [Fact]
    public void PlainMessage_IsTextOnly()
    {
        var args = SlackRenderer.Render(new ChatMessage { Text = "Acknowledged by <Anna>", Mentions = [new Member("a", "A", "U1", null)] });

        Assert.False(args.ContainsKey("blocks"));
        Assert.Equal("<@U1> Acknowledged by &lt;Anna&gt;", (string?)args["text"]);
    }

    [Fact]
    public void HugeAlert_StaysWithinBlockKitLimits()
    {
        var huge = new string('x', 10_000);
        var card = Card() with
        {
            Title = huge, Summary = huge, StateLine = huge,
            Fields = Enumerable.Range(0, 25).Select(i => new CardField(huge, huge, Inline: i % 7 != 0)).ToList(),
            RunbookSteps = [huge, huge],
            Links = Enumerable.Range(0, 15).Select(_ => new AlertLink("https://x.example/" + huge, huge)).ToList(),
            Buttons = Enumerable.Range(0, 30).Select(i => new CardButton(huge, "a" + i)).ToList(),
        };

        var args = SlackRenderer.Render(new ChatMessage { Text = huge, Card = card });

        Assert.True(((string?)args["text"])!.Length <= 4000);
        var blocks = Blocks(args);
        Assert.InRange(blocks.Count, 1, 50);
        Assert.True(((string?)blocks[0]["text"]!["text"])!.Length <= 150);
        foreach (var block in blocks)
        {
            if ((string?)block["type"] == "section" && block["text"] is { } text) Assert.InRange(((string?)text["text"])!.Length, 1, 3000);
            if (block["fields"] is JsonArray fields)
            {
                Assert.InRange(fields.Count, 1, 10);
                Assert.All(fields, f => Assert.InRange(((string?)f!["text"])!.Length, 1, 2000));
            }
            if ((string?)block["type"] == "context") Assert.InRange(block["elements"]!.AsArray().Count, 1, 10);
            if ((string?)block["type"] == "actions")
            {
                Assert.InRange(block["elements"]!.AsArray().Count, 1, 25);
                Assert.All(block["elements"]!.AsArray(), b => Assert.InRange(((string?)b!["text"]!["text"])!.Length, 1, 75));
            }
        }
    }

    [Fact]
    public void Clipping_NeverCutsAnEscapeInHalf()
    {
        var card = Card() with { Summary = new string('&', 5000) };

        var summary = MrkdwnTexts(SlackRenderer.Render(new ChatMessage { Text = "t", Card = card })).Single(t => t.StartsWith("&amp;"));

        Assert.EndsWith("…", summary);
        Assert.Equal("", summary.TrimEnd('…').Replace("&amp;", ""));
    }

    [Fact]
    public void ActionIdTooLongForSlack_IsRefusedNotClipped()
    {
        var card = Card() with { Buttons = [new("Ack", new string('a', 2001))] };

        Assert.Throws<ArgumentException>(() => SlackRenderer.Render(new ChatMessage { Text = "t", Card = card }));
    }

    internal static List<JsonObject> Blocks(JsonObject args) => args["blocks"]!.AsArray().Select(b => b!.AsObject()).ToList();

    private static IEnumerable<string> MrkdwnTexts(JsonNode? node) => node switch
    {
        JsonObject o when (string?)o["type"] == "mrkdwn" => [(string)o["text"]!],
        JsonObject o => o.SelectMany(p => MrkdwnTexts(p.Value)),
        JsonArray a => a.SelectMany(MrkdwnTexts),
        _ => [],
    };

    private static IEnumerable<string> Ids(JsonNode? node) => node switch
    {
        JsonObject o => o.Where(p => p.Key is "action_id" or "block_id").Select(p => (string)p.Value!).Concat(o.SelectMany(p => Ids(p.Value))),
        JsonArray a => a.SelectMany(Ids),
        _ => [],
    };
}
