using OpsBot.Chat.Discord;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Chat.Discord;

public sealed class DiscordInteractionTests
{
    [Fact]
    public void Ping_fixture_has_only_the_envelope()
    {
        var ping = DiscordInteraction.Parse(Fixtures.Bytes("discord-ping.json"));

        Assert.Equal(DiscordInteraction.Ping, ping.Type);
        Assert.Equal("787053080478613555", ping.Id);
        Assert.Equal("ThisIsATokenFromDiscordThatIsVeryLong", ping.Token);
        Assert.Equal("", ping.ApplicationId);
        Assert.Null(ping.UserId);
        Assert.Null(ping.CommandText);
        Assert.Null(ping.CustomId);
    }

    [Fact]
    public void Official_slash_command_example_is_a_guild_command_with_a_plain_string_option()
    {
        // Discord's example is "/cardsearch cardname:The Gitrog Monster": a guild interaction (member.user, no top-level
        // user), no application_id, and a top-level STRING option that is neither an /ops sub-command nor "command".
        var command = DiscordInteraction.Parse(Fixtures.Bytes("discord-app-command.json"));

        Assert.Equal(DiscordInteraction.ApplicationCommand, command.Type);
        Assert.Equal("786008729715212338", command.Id);
        Assert.Equal("A_UNIQUE_TOKEN", command.Token);
        Assert.Equal("", command.ApplicationId);
        Assert.Equal("53908232506183680", command.UserId);
        Assert.Equal("Mason", command.UserName);
        Assert.Equal("645027906669510667", command.ChannelId);
        Assert.Equal("290926798626357999", command.GuildId);
        Assert.Equal("help", command.CommandText);
        Assert.Null(command.CustomId);
        Assert.Null(command.MessageId);
    }

    [Fact]
    public void Button_click_carries_the_custom_id_and_the_message_it_sits_on()
    {
        var click = DiscordInteraction.Parse(Fixtures.Bytes("discord-message-component.json"));

        Assert.Equal(DiscordInteraction.MessageComponent, click.Type);
        Assert.Equal("846462639134605312", click.Id);
        Assert.Equal("unique_interaction_token", click.Token);
        Assert.Equal("290926444748734465", click.ApplicationId);
        Assert.Equal("53908232506183680", click.UserId);
        Assert.Equal("Mason", click.UserName);
        // The historical example's message.channel_id differs; the interaction's own channel_id is the one used.
        Assert.Equal("345626669114982999", click.ChannelId);
        Assert.Equal("click_one", click.CustomId);
        Assert.Equal("844397162624450620", click.MessageId);
        Assert.Null(click.CommandText);
    }

    [Theory]
    [InlineData("""[{"type":1,"name":"ack","options":[{"type":3,"name":"args","value":"12"}]}]""", "ack 12")]
    [InlineData("""[{"type":1,"name":"silence","options":[{"type":3,"name":"args","value":"  alertname=DiskFull 2h swap  "}]}]""", "silence alertname=DiskFull 2h swap")]
    [InlineData("""[{"type":1,"name":"alerts"}]""", "alerts")]
    [InlineData("""[{"type":1,"name":"oncall","options":[]}]""", "oncall")]
    [InlineData("""[{"type":3,"name":"command","value":"why 7"}]""", "why 7")]
    [InlineData("""[]""", "help")]
    public void Sub_command_payloads_become_ops_text(string options, string expected)
    {
        var body = $$$"""
            {"id":"1","token":"t","type":2,"application_id":"99","channel_id":"5",
             "user":{"id":"42","username":"anna"},
             "data":{"id":"3","name":"ops","type":1,"options":{{{options}}}}}
            """;

        var command = DiscordInteraction.Parse(body);

        Assert.Equal(expected, command.CommandText);
        Assert.Equal("42", command.UserId);
        Assert.Equal("anna", command.UserName);
        Assert.Null(command.GuildId);
    }

    [Fact]
    public void A_command_without_options_asks_for_help() =>
        Assert.Equal("help", DiscordInteraction.Parse("""{"id":"1","token":"t","type":2,"data":{"name":"ops"}}""").CommandText);

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"token":"t","type":1}""")]
    [InlineData("""{"id":"1","type":1}""")]
    [InlineData("""{"id":"1","token":"t"}""")]
    [InlineData("""{"id":"1","token":"t","type":"1"}""")]
    [InlineData("""{"id":1,"token":"t","type":1}""")]
    public void Bodies_without_id_token_or_type_are_format_errors(string body) =>
        Assert.Throws<FormatException>(() => DiscordInteraction.Parse(body));

    [Fact]
    public void Constants_match_discord()
    {
        Assert.Equal((1, 4, 5, 6, 7, 64), (DiscordInteraction.PongCallback, DiscordInteraction.ChannelMessageCallback,
            DiscordInteraction.DeferredChannelMessageCallback, DiscordInteraction.DeferredUpdateMessageCallback,
            DiscordInteraction.UpdateMessageCallback, DiscordInteraction.EphemeralFlag));
    }
}
