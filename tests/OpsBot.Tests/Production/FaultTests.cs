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
        await loader.SendAsync(10, parallel: 10);
        await stack.Stack.StartAsync("rabbitmq");
        await CheckAsync(loader);
    }

    [Fact]
    public async Task PostgreSQL_stopped_and_started_again_loses_nothing_and_posts_nothing_twice()
    {
        var loader = new AlertLoader(stack, "FaultPostgres");
        await loader.SendAsync(15);
        await stack.Stack.StopAsync("postgres");
        // The broker holds what is accepted meanwhile; the stages wait for the database and catch up.
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
        var sentinel = new AlertLoader(stack, loader.Prefix + "Sentinel");
        await sentinel.SendAsync(1);
        Assert.Single(sentinel.Accepted);
        await Eventually.Async(() => Task.FromResult(stack.DiscordCardsFor(ProductionStack.LoadChannel, sentinel.Accepted.Single()) == 1),
            "the sentinel's card", Recovery);
        var twice = loader.Accepted.Where(a => stack.DiscordCardsFor(ProductionStack.LoadChannel, a) != 1).ToList();
        Assert.True(twice.Count == 0, $"posted more than once: {string.Join(", ", twice)}");
    }
}
