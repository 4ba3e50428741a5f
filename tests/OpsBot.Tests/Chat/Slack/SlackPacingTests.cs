using OpsBot.Chat;
using OpsBot.Tests.Integration;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Chat.Slack;

/// <summary>At most one chat.postMessage per channel per second, timed by the injected clock rather than the wall.</summary>
public sealed class SlackPacingTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static readonly ChatMessage Message = new() { Text = "hello" };

    private readonly SteppingClock _clock = new(new DateTimeOffset(2026, 3, 1, 3, 12, 0, TimeSpan.Zero));
    private readonly SlackStubHandler _stub = SlackStubHandler.Ok(Fixtures.Text("slack-chat-postMessage-response.json"));

    [Fact]
    public async Task SecondPostToAChannel_WaitsUntilASecondHasPassed()
    {
        var client = SlackApiClientTests.Client(_stub, _clock);
        await client.PostAsync("C1", Message, null, "k1", CancellationToken.None);

        var second = client.PostAsync("C1", Message, null, "k2", CancellationToken.None);
        await Eventually.True(() => _clock.WaitingTimers == 1, "second post waiting on the clock", Deadline);
        _clock.Advance(TimeSpan.FromMilliseconds(999));

        Assert.False(second.IsCompleted);
        Assert.Single(_stub.Requests);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await second.WaitAsync(Deadline);
        Assert.Equal(2, _stub.Requests.Count);
    }

    [Fact]
    public async Task ThreePostsAtOnce_GoOutOneSecondApart()
    {
        var client = SlackApiClientTests.Client(_stub, _clock);
        var posts = Enumerable.Range(0, 3).Select(i => client.PostAsync("C1", Message, null, "k" + i, CancellationToken.None)).ToList();

        await Eventually.True(() => _stub.Requests.Count == 1 && _clock.WaitingTimers == 2, "one sent, two waiting", Deadline);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.True(() => _stub.Requests.Count == 2 && _clock.WaitingTimers == 1, "two sent, one waiting", Deadline);
        _clock.Advance(TimeSpan.FromSeconds(1));

        await Task.WhenAll(posts).WaitAsync(Deadline);
        Assert.Equal(3, _stub.Requests.Count);
    }

    [Fact]
    public async Task OtherChannels_AndPostsASecondApart_DoNotWait()
    {
        var client = SlackApiClientTests.Client(_stub, _clock);

        await client.PostAsync("C1", Message, null, "k1", CancellationToken.None).WaitAsync(Deadline);
        await client.PostAsync("C2", Message, null, "k2", CancellationToken.None).WaitAsync(Deadline);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await client.PostAsync("C1", Message, null, "k3", CancellationToken.None).WaitAsync(Deadline);

        Assert.Equal(0, _clock.WaitingTimers);
        Assert.Equal(3, _stub.Requests.Count);
    }

    [Fact]
    public async Task EditsAreNotPaced()
    {
        var stub = SlackStubHandler.Ok(Fixtures.Text("slack-chat-update-response.json"));
        var client = SlackApiClientTests.Client(stub, _clock);

        for (var i = 0; i < 3; i++) await client.EditAsync(new MessageRef("C1", "1.2"), Message, CancellationToken.None).WaitAsync(Deadline);

        Assert.Equal(3, stub.Requests.Count);
    }

    [Fact]
    public async Task CancellingAWaitingPost_StopsItBeforeSending()
    {
        var client = SlackApiClientTests.Client(_stub, _clock);
        await client.PostAsync("C1", Message, null, "k1", CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var second = client.PostAsync("C1", Message, null, "k2", cts.Token);
        await Eventually.True(() => _clock.WaitingTimers == 1, "second post waiting on the clock", Deadline);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.WaitAsync(Deadline));
        Assert.Single(_stub.Requests);
    }
}
