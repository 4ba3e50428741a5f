using System.Net.Http.Json;
using OpsBot.Tests.Integration.Routing;
using OpsBot.Tests.Support;
using static OpsBot.Tests.Integration.Chat.ChatHost;

namespace OpsBot.Tests.Integration.Chat;

/// <summary>
/// End to end with the real parts: Debian's Alertmanager notifies a real OpsBot.Host process over HTTP, which posts to
/// the local Slack and Discord API server. One alert is one message on each platform, edited when it resolves.
/// </summary>
public sealed class AlertmanagerToChatTests
{
    [Fact]
    public async Task AnAlertPostedToAlertmanager_EndsAsOneMessagePerPlatform_EditedWhenItResolves()
    {
        await using var fake = await FakeChatApi.StartAsync();
        var data = Directory.CreateTempSubdirectory("opsbot-e2e-").FullName;
        var port = HostProcess.FreePort();
        var settings = Settings(fake).Select(s => $"--{s.Key}={s.Value}").ToArray();
        using var host = HostProcess.Start(data, port, new Dictionary<string, string> { ["OPSBOT_TEAMS_FILE"] = TwoTeams.ExampleFile }, settings);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            await host.WaitReadyAsync(http);
            await using var alertmanager = await AlertmanagerProcess.StartAsync($"http://127.0.0.1:{port}/webhooks/alertmanager");
            using var am = alertmanager.Client();
            var startsAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            object Alert(DateTimeOffset? endsAt) => new[]
            {
                new
                {
                    labels = new Dictionary<string, string> { ["alertname"] = "PostgresDown", ["instance"] = "db-1:9100", ["severity"] = "critical" },
                    annotations = new Dictionary<string, string> { ["summary"] = "db-1 does not answer", ["runbook_url"] = "https://runbooks.example/postgres-down" },
                    startsAt,
                    endsAt,
                },
            };

            (await am.PostAsJsonAsync("api/v2/alerts", Alert(null))).EnsureSuccessStatusCode();
            await fake.WaitUntilAsync(f => f.SlackMessages.Count == 1 && f.DiscordMessages.Count == 1, TimeSpan.FromSeconds(30));
            var card = fake.SlackMessages.Single();
            Assert.Equal(DbaPagesSlack, card.Channel);
            Assert.Contains("https://runbooks.example/postgres-down", AllText(card));
            Assert.Equal(DbaPagesDiscord, fake.DiscordMessages.Single().ChannelId);

            (await am.PostAsJsonAsync("api/v2/alerts", Alert(DateTimeOffset.UtcNow))).EnsureSuccessStatusCode();
            // The card is edited first, then the event goes in its thread: wait for both.
            await fake.WaitUntilAsync(f => AllText(f.SlackMessages.Single(m => m.Ts == card.Ts)).Contains("Resolved")
                                           && f.SlackMessages.Any(m => m.ThreadTs == card.Ts && m.Text!.Contains("Resolved after"))
                                           && f.DiscordMessages.Single(m => m.ChannelId == DbaPagesDiscord).Embeds!.ToJsonString().Contains("Resolved"),
                TimeSpan.FromSeconds(30));
            Assert.Single(fake.SlackMessages, m => m.ThreadTs is null);
            Assert.Single(fake.DiscordMessages, m => m.ChannelId == DbaPagesDiscord);
        }
        finally
        {
            host.KillHard();
            Directory.Delete(data, recursive: true);
        }
    }
}
