using System.Net.Http.Headers;
using System.Text.Json;
using OpsBot.Tests.Integration;
using OpsBot.Tests.Integration.Chat;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Production;

/// <summary>
/// One production stack for the end-to-end and fault tests (they run one after another in this collection), with
/// both replicas talking to one local Slack/Discord stand-in. Team ops pages to one Slack and one Discord channel.
/// </summary>
public sealed class ProductionStack : IAsyncLifetime
{
    public const string SlackChannel = "C0OPSPAGES";
    public const string DiscordChannel = "1200000000000000001";
    public const string AnnaSlack = "U0ANNA0001";
    /// <summary>Where the fault tests' load goes (alerts labelled load=yes): Discord only, which OpsBot does not pace, unlike Slack's one post a second.</summary>
    public const string LoadChannel = "1200000000000000009";
    /// <summary>Team esc's channel: alerts labelled escalate=yes, with a 15 s acknowledgement timeout, for the timers test.</summary>
    public const string EscalationChannel = "1200000000000000007";

    public FakeChatApi Chat { get; private set; } = null!;
    public LocalStack Stack { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Chat = await FakeChatApi.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["Chat__Slack__BotToken"] = Chat.SlackToken,
            ["Chat__Slack__SigningSecret"] = ChatHost.SlackSecret,
            ["Chat__Slack__ApiBaseUrl"] = Chat.SlackApiBaseUrl,
            ["Chat__Slack__ResponseUrlBase"] = Chat.SlackResponseUrlBase,
            ["Chat__Discord__BotToken"] = Chat.DiscordToken,
            ["Chat__Discord__ApplicationId"] = ChatHost.DiscordApplicationId,
            ["Chat__Discord__PublicKey"] = ChatHost.DiscordPublicKey,
            ["Chat__Discord__ApiBaseUrl"] = Chat.DiscordApiBaseUrl,
            ["Teams__ops__Channels__0__Slack"] = SlackChannel,
            ["Teams__ops__Channels__0__Discord"] = DiscordChannel,
            ["Teams__ops__Channels__0__Name"] = "pages",
            ["Teams__ops__Channels__1__Name"] = "load",
            ["Teams__ops__Channels__1__Discord"] = LoadChannel,
            ["Routing__Rules__0__Name"] = "load-test",
            ["Routing__Rules__0__Match__0"] = "load=yes",
            ["Routing__Rules__0__Team"] = "ops",
            ["Routing__Rules__0__Channel"] = "load",
            ["Routing__Rules__1__Name"] = "escalation-test",
            ["Routing__Rules__1__Match__0"] = "escalate=yes",
            ["Routing__Rules__1__Team"] = "esc",
            ["Teams__esc__TimeZone"] = "UTC",
            ["Teams__esc__Channels__0__Name"] = "esc",
            ["Teams__esc__Channels__0__Discord"] = EscalationChannel,
            ["Teams__esc__Members__0__Id"] = "bob",
            ["Teams__esc__Members__0__Name"] = "Bob",
            ["Teams__esc__Members__0__Discord"] = "2200000000000000002",
            ["Teams__esc__OnCall__Rotation__0"] = "bob",
            ["Teams__esc__Escalation__AckTimeout"] = "00:00:15",
            ["Teams__esc__Escalation__Levels"] = "2",
            ["Teams__ops__Members__0__Id"] = "anna",
            ["Teams__ops__Members__0__Name"] = "Anna",
            ["Teams__ops__Members__0__Slack"] = AnnaSlack,
            ["Teams__ops__Members__0__Role"] = "admin",
            ["Teams__ops__OnCall__Rotation__0"] = "anna",
            // Stages retried a little faster than in production, so a fault test does not wait minutes for a redelivery.
            ["Ingest__InboxRelayInterval"] = "00:00:05",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        Stack = await LocalStack.UpAsync(settings);
    }

    public HttpClient Client(int replica) => new() { BaseAddress = Stack.Replica(replica), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>An Alertmanager webhook as a peer sends it, with the stack's bearer token.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpClient client, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/alertmanager") { Content = Payloads.Json(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Stack.Token);
        return await client.SendAsync(request);
    }

    public static async Task<JsonElement[]> AlertsAsync(HttpClient client, string query)
    {
        var list = await OpsBotFactory.GetJsonAsync(client, "/api/alerts?status=all&limit=1000&" + query);
        return [.. list.EnumerateArray()];
    }

    /// <summary>Cards (not thread replies) in a Discord channel whose title names <paramref name="alertname"/> ("[CRITICAL] Name: summary (#id)").</summary>
    public IReadOnlyList<FakeDiscordMessage> DiscordCards(string channel, string alertname) =>
        [.. Chat.DiscordMessages.Where(m => m.ChannelId == channel && TitleOf(m.Revisions[0].Embeds).Contains($"] {alertname}:", StringComparison.Ordinal))];

    public int DiscordCardsFor(string channel, string alertname) => DiscordCards(channel, alertname).Count;

    /// <summary>Top-level Slack messages (not thread replies) whose first text names <paramref name="alertname"/>.</summary>
    public IReadOnlyList<FakeSlackMessage> SlackCardsFor(string alertname) =>
        [.. Chat.SlackMessages.Where(m => m.Channel == SlackChannel && m.ThreadTs is null && (m.Revisions[0].Text ?? "").Contains($"] {alertname}:", StringComparison.Ordinal))];

    private static string TitleOf(System.Text.Json.Nodes.JsonNode? embeds) =>
        embeds is System.Text.Json.Nodes.JsonArray { Count: > 0 } array && array[0]?["title"]?.GetValue<string>() is { } title ? title : "";

    public async Task DisposeAsync()
    {
        if (Stack is not null) await Stack.DisposeAsync();
        if (Chat is not null) await Chat.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ProductionStackCollection : ICollectionFixture<ProductionStack>
{
    public const string Name = "production stack";
}
