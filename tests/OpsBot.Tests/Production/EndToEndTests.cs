using System.Text.Json;
using OpsBot.Tests.Integration;
using OpsBot.Tests.Integration.Chat;
using Xunit.Abstractions;

namespace OpsBot.Tests.Production;

/// <summary>The whole real stack from deploy/local: Prometheus → both Alertmanager peers → the replicas → chat.</summary>
[Collection(ProductionStackCollection.Name)]
public sealed class EndToEndTests(ProductionStack stack, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_rule_firing_on_node_exporter_metrics_is_one_chat_message_edited_when_it_stops()
    {
        await stack.Stack.SetTriggerAsync(1);
        // Both peers get the alert from Prometheus; each notifies its own replica (whichever of them does).
        foreach (var peer in new[] { 1, 2 })
            await Eventually.Async(async () => (await AlertmanagerAlertsAsync(peer)).Contains("OpsBotLocalTrigger"), $"the alert in Alertmanager {peer}", Deadline);
        await Eventually.Async(() => Task.FromResult(stack.SlackCardsFor("OpsBotLocalTrigger").Count > 0), "the card in Slack", Deadline);

        // What the second peer would send to the other replica: the same alert must stay the same problem and card.
        using var replica1 = stack.Client(1);
        using var replica2 = stack.Client(2);
        var stored = Assert.Single(await ProductionStack.AlertsAsync(replica1, "label=alertname=OpsBotLocalTrigger"));
        var labels = stored.GetProperty("labels").Deserialize<Dictionary<string, string>>()!;
        var startsAt = stored.GetProperty("startsAt").GetDateTimeOffset();
        using (var again = await stack.SendAsync(replica2, Payloads.AlertmanagerWebhook("firing", "g-trigger", (labels, startsAt, null))))
            Assert.True(again.IsSuccessStatusCode, $"replica 2 answered {again.StatusCode}");
        await Eventually.Async(async () =>
            (await ProductionStack.AlertsAsync(replica2, "label=alertname=OpsBotLocalTrigger")).Single().GetProperty("deliveries").GetInt32() >= 2,
            "the repeat counted on the same alert", Deadline);

        await stack.Stack.SetTriggerAsync(0);
        await Eventually.Async(() => Task.FromResult(stack.SlackCardsFor("OpsBotLocalTrigger").Any(m => m.Edits > 0 && Resolved(m))),
            "the card edited to resolved", Deadline);
        var card = Assert.Single(stack.SlackCardsFor("OpsBotLocalTrigger"));
        output.WriteLine($"card {card.Ts}: {card.Edits} edit(s), now: {card.Text}");
        Assert.Single(await ProductionStack.AlertsAsync(replica1, "label=alertname=OpsBotLocalTrigger"));
    }

    [Fact]
    public async Task A_silence_made_in_chat_on_one_replica_is_in_both_alertmanager_peers()
    {
        using var replica2 = stack.Client(2);
        using var answer = await ChatHost.SlashAsync(replica2, TimeProvider.System, ProductionStack.AnnaSlack,
            "silence alertname=E2EMaintenance,instance=db-9 2h planned disk swap", stack.Chat);
        Assert.True(answer.IsSuccessStatusCode, $"{answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        foreach (var peer in new[] { 1, 2 })
            await Eventually.Async(async () =>
            {
                using var client = new HttpClient { BaseAddress = stack.Stack.Alertmanager(peer) };
                var silences = JsonDocument.Parse(await client.GetStringAsync("/api/v2/silences")).RootElement;
                return silences.EnumerateArray().Any(s => s.GetProperty("status").GetProperty("state").GetString() == "active" &&
                    s.GetProperty("matchers").EnumerateArray().Any(m => m.GetProperty("value").GetString() == "E2EMaintenance"));
            }, $"the silence in Alertmanager {peer}", Deadline);
    }

    private static bool Resolved(Support.FakeSlackMessage message) =>
        (message.Text ?? "").Contains("esolved", StringComparison.Ordinal) || (message.Blocks?.ToJsonString() ?? "").Contains("esolved", StringComparison.Ordinal);

    private async Task<string> AlertmanagerAlertsAsync(int peer)
    {
        using var client = new HttpClient { BaseAddress = stack.Stack.Alertmanager(peer) };
        return await client.GetStringAsync("/api/v2/alerts");
    }
}
