using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OpsBot.Chat;
using OpsBot.Hosting;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Hosting;

public sealed class ChatStartupWarningsTests
{
    [Fact]
    public async Task ASecretInAFile_IsNamedWithTheVariableToUseInstead()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("opsbot-warn-").FullName, "appsettings.json");
        await File.WriteAllTextAsync(file, """{"Chat": {"Slack": {"BotToken": "xoxb-oops", "SigningSecret": "s"}}}""");
        var configuration = new ConfigurationBuilder().AddJsonFile(file).Build();
        var logger = new RecordingLogger<ChatStartupWarnings>();
        var options = Options.Create(configuration.GetSection("Chat").Get<ChatOptions>()!);

        await new ChatStartupWarnings(configuration, options, logger).StartAsync(CancellationToken.None);

        Assert.Contains(logger.Warnings, w => w.Contains("Chat:Slack:BotToken is set in") && w.Contains("Chat__Slack__BotToken"));
        Assert.Contains(logger.Warnings, w => w.Contains("Chat:Slack:SigningSecret is set in"));
        Assert.DoesNotContain(logger.Warnings, w => w.Contains("No chat platform"));
    }

    [Fact]
    public async Task NoPlatform_SaysMessagesGoToTheConsole_AndSecretsFromTheEnvironmentAreFine()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Chat:Discord:BotToken"] = "t" }).Build();
        var logger = new RecordingLogger<ChatStartupWarnings>();
        await new ChatStartupWarnings(configuration, Options.Create(new ChatOptions()), logger).StartAsync(CancellationToken.None);
        Assert.Equal(["No chat platform is configured (Chat:Slack:BotToken, Chat:Discord:BotToken): messages are printed on the console"], logger.Warnings);
    }
}
