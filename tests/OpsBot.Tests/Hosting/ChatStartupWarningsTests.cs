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
    public async Task PasswordsOfTheBrokerAndTheDatabaseInAFile_AreNamed_ButAConnectionStringWithoutOneIsNot()
    {
        var dir = Directory.CreateTempSubdirectory("opsbot-warn-").FullName;
        var withPassword = Path.Combine(dir, "a.json");
        var withoutPassword = Path.Combine(dir, "b.json");
        await File.WriteAllTextAsync(withPassword, """{"Bus": {"RabbitMq": {"Password": "p"}}, "Storage": {"ConnectionString": "Host=db;Password=p"}}""");
        await File.WriteAllTextAsync(withoutPassword, """{"Storage": {"ConnectionString": "Host=/run/postgresql;Username=opsbot"}}""");

        async Task<List<string>> WarningsAsync(string file)
        {
            var logger = new RecordingLogger<ChatStartupWarnings>();
            await new ChatStartupWarnings(new ConfigurationBuilder().AddJsonFile(file).Build(), Options.Create(new ChatOptions()), logger).StartAsync(CancellationToken.None);
            return [.. logger.Warnings];
        }

        var named = await WarningsAsync(withPassword);
        Assert.Contains(named, w => w.Contains("Bus:RabbitMq:Password is set in") && w.Contains("Bus__RabbitMq__Password"));
        Assert.Contains(named, w => w.Contains("Storage:ConnectionString is set in") && w.Contains("Storage__ConnectionString"));
        Assert.DoesNotContain(await WarningsAsync(withoutPassword), w => w.Contains("Storage:ConnectionString"));
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
