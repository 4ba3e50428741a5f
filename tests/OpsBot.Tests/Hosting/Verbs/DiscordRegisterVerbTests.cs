using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using OpsBot.Commands;
using OpsBot.Hosting.Verbs;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Hosting.Verbs;

public sealed class DiscordRegisterVerbTests : IAsyncLifetime
{
    private const string ApplicationId = "123456789012345678";
    private const string GuildId = "876543210987654321";
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private FakeChatApi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeChatApi.StartAsync();

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        _output.Dispose();
        _error.Dispose();
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["Chat:Discord:ApiBaseUrl"] = _fake.DiscordApiBaseUrl,
        ["Chat:Discord:BotToken"] = _fake.DiscordToken,
        ["Chat:Discord:ApplicationId"] = ApplicationId,
    };

    /// <summary>The verb blocks on its HTTP call, as it does in the host's Main; off the test's own context it cannot deadlock.</summary>
    private Task<int> RunAsync(Action<Dictionary<string, string?>>? change = null)
    {
        var settings = Settings();
        change?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return Task.Run(() => DiscordRegisterVerb.Run(configuration, ["discord-register"], _output, _error));
    }

    private static void AssertIsOpsWithEveryVerb(JsonArray commands)
    {
        var ops = Assert.IsType<JsonObject>(Assert.Single(commands));
        Assert.Equal("ops", ops["name"]!.GetValue<string>());
        Assert.Equal(1, ops["type"]!.GetValue<int>()); // chat input
        var subCommands = ops["options"]!.AsArray();
        Assert.Equal(CommandCatalog.Verbs.Select(v => v.Name), subCommands.Select(o => o!["name"]!.GetValue<string>()));
        Assert.All(subCommands, o => Assert.Equal(1, o!["type"]!.GetValue<int>())); // sub-command
    }

    [Fact]
    public void Verb_IsKnownToTheHost()
    {
        Assert.Equal("discord-register", HostVerbs.Find(["discord-register"]));
    }

    [Fact]
    public async Task Run_WithoutGuild_RegistersGlobally()
    {
        var exit = await RunAsync();

        Assert.Equal(0, exit);
        Assert.Equal("", _error.ToString());
        Assert.Contains("globally", _output.ToString(), StringComparison.Ordinal);
        Assert.Equal(
            $"Registered /ops ({CommandCatalog.Verbs.Count} sub-commands) globally; Discord may take a while to show it everywhere." + Environment.NewLine,
            _output.ToString());
        var registration = Assert.Single(_fake.RegisteredCommands);
        Assert.Equal(ApplicationId, registration.ApplicationId);
        Assert.Null(registration.GuildId);
        AssertIsOpsWithEveryVerb(registration.Commands);
    }

    [Fact]
    public async Task Run_WithGuild_RegistersInThatGuildAtOnce()
    {
        var exit = await RunAsync(s => s["Chat:Discord:GuildId"] = GuildId);

        Assert.Equal(0, exit);
        Assert.Equal("", _error.ToString());
        Assert.Equal(
            $"Registered /ops ({CommandCatalog.Verbs.Count} sub-commands) in guild {GuildId}; it is usable at once." + Environment.NewLine,
            _output.ToString());
        Assert.DoesNotContain("globally", _output.ToString(), StringComparison.Ordinal);
        var registration = Assert.Single(_fake.RegisteredCommands);
        Assert.Equal((ApplicationId, GuildId), (registration.ApplicationId, registration.GuildId));
        AssertIsOpsWithEveryVerb(registration.Commands);
    }

    [Fact]
    public async Task Run_Twice_OverwritesWithTheSameCommands()
    {
        Assert.Equal(0, await RunAsync());
        Assert.Equal(0, await RunAsync());

        var registrations = _fake.RegisteredCommands;
        Assert.Equal(2, registrations.Count);
        Assert.True(JsonNode.DeepEquals(registrations[0].Commands, registrations[1].Commands));
    }

    [Theory]
    [InlineData("Chat:Discord:BotToken", null)]
    [InlineData("Chat:Discord:BotToken", "")]
    [InlineData("Chat:Discord:BotToken", "   ")]
    [InlineData("Chat:Discord:ApplicationId", null)]
    [InlineData("Chat:Discord:ApplicationId", "")]
    public async Task Run_WithoutTokenOrApplicationId_Exits2AndSaysWhatToSet(string key, string? value)
    {
        var exit = await RunAsync(s =>
        {
            if (value is null) s.Remove(key);
            else s[key] = value;
        });

        Assert.Equal(2, exit);
        Assert.Equal("", _output.ToString());
        Assert.Contains("Chat__Discord__BotToken", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Chat__Discord__ApplicationId", _error.ToString(), StringComparison.Ordinal);
        Assert.Empty(_fake.RequestLog);
    }

    [Fact]
    public async Task Run_WithAWrongToken_Exits1WithDiscordsErrorOnTheErrorWriter()
    {
        const string wrongToken = "not-the-bot-token";

        var exit = await RunAsync(s => s["Chat:Discord:BotToken"] = wrongToken);

        Assert.Equal(1, exit);
        Assert.Equal("", _output.ToString());
        var error = _error.ToString();
        Assert.StartsWith("discord-register: ", error, StringComparison.Ordinal);
        Assert.Contains($"applications/{ApplicationId}/commands", error, StringComparison.Ordinal);
        Assert.Contains("401", error, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongToken, error, StringComparison.Ordinal);
        Assert.Empty(_fake.RegisteredCommands);
        Assert.Equal(401, Assert.Single(_fake.RequestLog).Status);
    }

    [Fact]
    public async Task Run_WhenDiscordFails_Exits1()
    {
        _fake.FailNext(FakePlatform.Discord, 1, 500);

        var exit = await RunAsync();

        Assert.Equal(1, exit);
        Assert.Equal("", _output.ToString());
        Assert.StartsWith("discord-register: ", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("500", _error.ToString(), StringComparison.Ordinal);
        Assert.Empty(_fake.RegisteredCommands);
    }
}
