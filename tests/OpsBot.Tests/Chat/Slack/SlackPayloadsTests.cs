using System.Text.Json;
using OpsBot.Chat.Slack;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Chat.Slack;

public sealed class SlackPayloadsTests
{
    [Fact]
    public void SlashCommand_FromTheSigningExample()
    {
        var command = SlackPayloads.ParseCommand(Fixtures.Text("slack-slash-command.txt"));

        Assert.Equal(new SlackCommand("T1DC2JH3J", "G8PSS9T3V", "U2CERLKJA", "roadrunner", "/webhook-collect", "",
            "https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN",
            "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"), command);
    }

    [Fact]
    public void SlashCommand_FromTheDocsPrintedUnencoded()
    {
        var form = SlackPayloads.ParseForm(Fixtures.Text("slack-slash-command-weather.txt"));
        var command = SlackPayloads.ParseCommand(form);

        Assert.Equal(("/weather", "94070", "https://hooks.slack.com/commands/1234/5678"), (command.Command, command.Text, command.ResponseUrl));
        Assert.Equal(("T0001", "C2147483705", "U2147483697", "Steve"), (command.TeamId, command.ChannelId, command.UserId, command.UserName));
        Assert.Equal("Globular Construct Inc", form["enterprise_name"]);
        Assert.False(SlackPayloads.IsSslCheck(form));
    }

    [Fact]
    public void FormDecoding_PlusIsSpace_PercentPlusIsPlus()
    {
        var command = SlackPayloads.ParseCommand(Minimal("text=ack+12+%2Bnote%26x%3Dy+%3C%40U1%3E"));

        Assert.Equal("ack 12 +note&x=y <@U1>", command.Text);
    }

    [Fact]
    public void OptionalFields_MayBeMissing()
    {
        var command = SlackPayloads.ParseCommand(Minimal(""));

        Assert.Equal(("", "", null), (command.UserName, command.Text, command.TriggerId));
    }

    [Theory]
    [InlineData("team_id")]
    [InlineData("channel_id")]
    [InlineData("user_id")]
    [InlineData("command")]
    [InlineData("response_url")]
    public void SlashCommand_WithoutARequiredField_NamesIt(string field)
    {
        var body = string.Join('&', Fixtures.Text("slack-slash-command.txt").Split('&').Where(p => !p.StartsWith(field + "=")));

        var e = Assert.Throws<FormatException>(() => SlackPayloads.ParseCommand(body));
        Assert.Contains($"'{field}'", e.Message);

        var emptied = Fixtures.Text("slack-slash-command.txt").Replace(field + "=", field + "=&ignored=");
        Assert.Contains($"'{field}' is empty", Assert.Throws<FormatException>(() => SlackPayloads.ParseCommand(emptied)).Message);
    }

    [Fact]
    public void RepeatedField_IsRefused() =>
        Assert.Contains("'user_id'", Assert.Throws<FormatException>(() => SlackPayloads.ParseForm(Minimal("user_id=U9"))).Message);

    [Theory]
    [InlineData("ssl_check=1&token=gIkuvaNzQIHg97ATvDxqgjtO", true)]
    [InlineData("token=x&ssl_check=1", true)]
    [InlineData("ssl_check=0&token=x", false)]
    [InlineData("token=x", false)]
    public void SslCheck(string body, bool expected) => Assert.Equal(expected, SlackPayloads.IsSslCheck(SlackPayloads.ParseForm(body)));

    [Fact]
    public void BlockActions_FromTheSignedForm()
    {
        var action = SlackPayloads.ParseAction(Fixtures.Text("slack-block-actions.form.txt"));

        Assert.Equal(new SlackAction("block_actions", "UA8RXUSPL", "jtorrance", "CBR2V3XEX", "1548261231.000200",
            "https://hooks.slack.com/actions/AABA1ABCD/1232321423432/D09sSasdasdAS9091209", "WaXA", "click_me_123"), action);
    }

    [Fact]
    public void BlockActions_FromTheDocsJson_MatchesTheForm()
    {
        var json = Fixtures.Text("slack-block-actions.json");

        Assert.Equal(SlackPayloads.ParseAction(Fixtures.Text("slack-block-actions.form.txt")), SlackPayloads.ParseAction(Form(json)));
    }

    [Fact]
    public void HomeTabButton_WithoutValue_IsRefused()
    {
        var e = Assert.Throws<FormatException>(() => SlackPayloads.ParseAction(Form(Fixtures.Text("slack-block-actions-home-tab.json"))));

        Assert.Contains("actions[0].value", e.Message);
    }

    [Fact]
    public void MessageButtonWithoutChannelObject_TakesTheContainersChannel()
    {
        var json = JsonSerializer.Serialize(new
        {
            type = "block_actions",
            user = new { id = "U1", name = "anna" },
            container = new { type = "message", message_ts = "1.2", channel_id = "C9" },
            actions = new[] { new { action_id = "opsbot-0", value = "a123" } },
        });

        var action = SlackPayloads.ParseAction(Form(json));

        Assert.Equal(("C9", "1.2", "anna", (string?)null), (action.ChannelId, action.MessageTs, action.UserName, action.ResponseUrl));
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[1,2]", "not an object")]
    [InlineData("{\"type\":\"block_actions\",\"actions\":[{\"action_id\":\"a\",\"value\":\"v\"}]}", "'user'")]
    [InlineData("{\"type\":\"block_actions\",\"user\":{\"id\":7},\"actions\":[{\"action_id\":\"a\",\"value\":\"v\"}]}", "'id' is a JSON Number")]
    [InlineData("{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},\"actions\":[]}", "has no 'actions'")]
    [InlineData("{\"type\":\"view_submission\",\"user\":{\"id\":\"U1\"}}", "'view_submission' has no 'actions'")]
    [InlineData("{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\"},\"actions\":[{\"value\":\"v\"}]}", "actions[0].action_id")]
    [InlineData("{\"user\":{\"id\":\"U1\"},\"actions\":[{\"action_id\":\"a\",\"value\":\"v\"}]}", "'type'")]
    public void BadInteractionPayload_SaysWhatIsWrong(string json, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => SlackPayloads.ParseAction(Form(json))).Message);

    [Fact]
    public void InteractionWithoutPayloadField_SaysSo() =>
        Assert.Contains("'payload'", Assert.Throws<FormatException>(() => SlackPayloads.ParseAction("token=x")).Message);

    private static string Form(string json) => "payload=" + Uri.EscapeDataString(json);

    private static string Minimal(string extra) =>
        "team_id=T1&channel_id=C1&user_id=U1&command=%2Fops&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1" +
        (extra.Length == 0 ? "" : "&" + extra);
}
