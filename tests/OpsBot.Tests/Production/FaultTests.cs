using OpsBot.Tests.Integration;
using OpsBot.Tests.Support;
using Xunit.Abstractions;

namespace OpsBot.Tests.Production;

/// <summary>
/// Faults while alerts arrive. After each, with no operator: every alert answered 2xx is stored and has exactly one
/// card, and new alerts are accepted again.
/// </summary>
[Collection(ProductionStackCollection.Name)]
public sealed class FaultTests(ProductionStack stack, ITestOutputHelper output)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_replica_killed_with_sigkill_loses_nothing_and_posts_nothing_twice()
    {
        var loader = new AlertLoader(stack, "FaultKill");
        await loader.SendAsync(15);
        var during = loader.SendAsync(45);
        await stack.Stack.KillAsync("opsbot-1");
        await during;
        await stack.Stack.StartAsync("opsbot-1");
        await CheckAsync(loader);
    }

    [Fact]
    public async Task RabbitMQ_stopped_and_started_again_loses_nothing_and_posts_nothing_twice()
    {
        var loader = new AlertLoader(stack, "FaultRabbit");
        await loader.SendAsync(15);
        await stack.Stack.StopAsync("rabbitmq");
        // A replica without its broker cannot accept durably: it leaves the load balancer until the broker is back.
        await Eventually.Async(async () => await ReadyStatusAsync(1) == 503, "replica 1 not ready without RabbitMQ", Recovery);
        await loader.SendAsync(10, parallel: 10);
        await stack.Stack.StartAsync("rabbitmq");
        await Eventually.Async(async () => await ReadyStatusAsync(1) == 200 && await ReadyStatusAsync(2) == 200, "both replicas ready again", Recovery);
        await CheckAsync(loader);
    }

    [Fact]
    public async Task PostgreSQL_stopped_and_started_again_loses_nothing_and_posts_nothing_twice()
    {
        var loader = new AlertLoader(stack, "FaultPostgres");
        await loader.SendAsync(15);
        await stack.Stack.StopAsync("postgres");
        // The broker holds what is accepted meanwhile, so the replicas stay ready; the stages wait for the database.
        Assert.Equal(200, await ReadyStatusAsync(2));
        await loader.SendAsync(15);
        await stack.Stack.StartAsync("postgres");
        await CheckAsync(loader);
    }

    [Fact]
    public async Task The_chat_api_failing_with_500_and_429_delays_cards_but_posts_each_once()
    {
        var loader = new AlertLoader(stack, "FaultChat");
        stack.Chat.FailNext(FakePlatform.Discord, 6, 500);
        await loader.SendAsync(15);
        stack.Chat.FailNext(FakePlatform.Discord, 4, 429, TimeSpan.FromSeconds(1));
        await loader.SendAsync(15);
        await CheckAsync(loader);
        Assert.True(stack.Chat.Rejected(FakePlatform.Discord) >= 10, $"only {stack.Chat.Rejected(FakePlatform.Discord)} requests were refused");
    }

    [Fact]
    public async Task An_escalation_timer_fires_once_even_when_both_replicas_are_killed_while_it_waits()
    {
        using var replica1 = stack.Client(1);
        var labels = Payloads.Labels("EscalationUnderFault", "esc-1:9100");
        labels["escalate"] = "yes";
        using (var answer = await stack.SendAsync(replica1, Payloads.AlertmanagerWebhook("firing", "esc", (labels, DateTimeOffset.UtcNow, null))))
            Assert.True(answer.IsSuccessStatusCode, $"{answer.StatusCode}");
        await Eventually.Async(() => Task.FromResult(stack.DiscordCardsFor(ProductionStack.EscalationChannel, "EscalationUnderFault") == 1),
            "the page", Recovery);

        // Whichever replica runs the clustered timers job dies before the 15 s timeout; the other takes over.
        await stack.Stack.KillAsync("opsbot-1");
        await stack.Stack.StartAsync("opsbot-1");
        await stack.Stack.KillAsync("opsbot-2");
        await stack.Stack.StartAsync("opsbot-2");

        await Eventually.Async(() => Task.FromResult(EscalationMessages(2) >= 1), "escalation to level 2", Recovery);
        // Level 2 is the last: a sentinel page after it bounds any late duplicate of either level.
        await SentinelAsync(ProductionStack.EscalationChannel, "EscalationSentinel", new() { ["escalate"] = "yes" });
        Assert.Equal((1, 1), (EscalationMessages(1), EscalationMessages(2)));
    }

    /// <summary>Escalation messages in the thread of EscalationUnderFault's card (a Discord thread takes its message's id).</summary>
    private int EscalationMessages(int level)
    {
        var card = stack.DiscordCards(ProductionStack.EscalationChannel, "EscalationUnderFault").Single();
        return stack.Chat.DiscordMessages.Count(m => m.ChannelId == card.Id && (m.Content ?? "").Contains($"escalation level {level} of 2", StringComparison.Ordinal));
    }

    private async Task SentinelAsync(string channel, string alertname, Dictionary<string, string> extra)
    {
        using var replica2 = stack.Client(2);
        var labels = Payloads.Labels(alertname, "sentinel:9100");
        foreach (var (k, v) in extra) labels[k] = v;
        using (var answer = await stack.SendAsync(replica2, Payloads.AlertmanagerWebhook("firing", alertname, (labels, DateTimeOffset.UtcNow, null))))
            Assert.True(answer.IsSuccessStatusCode, $"{answer.StatusCode}");
        await Eventually.Async(() => Task.FromResult(stack.DiscordCardsFor(channel, alertname) == 1), $"the {alertname} card", Recovery);
    }

    private async Task<int> ReadyStatusAsync(int replica)
    {
        using var client = stack.Client(replica);
        using var answer = await client.GetAsync("/readyz");
        return (int)answer.StatusCode;
    }

    /// <summary>Every accepted alert stored and carded exactly once, and the stack taking new alerts again.</summary>
    private async Task CheckAsync(AlertLoader loader)
    {
        // Recovered without an operator: new alerts are accepted, stored and posted.
        await Eventually.Async(async () =>
        {
            var probe = new AlertLoader(stack, loader.Prefix + "After");
            await probe.SendAsync(4);
            return probe.Accepted.Count == 4;
        }, "new alerts accepted again", Recovery);
        output.WriteLine($"{loader.Accepted.Count} of {loader.Sent} alerts accepted; {loader.FailedAttempts} failed attempts on the way");
        Assert.True(loader.Accepted.Count >= 15, $"only {loader.Accepted.Count} accepted");

        using var client = stack.Client(2);
        await Eventually.Async(async () =>
        {
            var stored = (await ProductionStack.AlertsAsync(client, "label=load=yes"))
                .Select(a => a.GetProperty("alertName").GetString()!).ToHashSet();
            return loader.Accepted.All(stored.Contains) && loader.Accepted.All(a => stack.DiscordCardsFor(ProductionStack.LoadChannel, a) >= 1);
        }, "every accepted alert stored and carded", Recovery);

        // The channel's queue is delivered in order by one replica, so once a card sent after everything is there,
        // any duplicate queued before it would be there too.
        await SentinelAsync(ProductionStack.LoadChannel, loader.Prefix + "Sentinel", new() { ["load"] = "yes" });
        var twice = loader.Accepted.Where(a => stack.DiscordCardsFor(ProductionStack.LoadChannel, a) != 1).ToList();
        Assert.True(twice.Count == 0, $"posted more than once: {string.Join(", ", twice)}");
    }
}
