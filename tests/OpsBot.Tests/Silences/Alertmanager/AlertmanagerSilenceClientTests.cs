using System.Net;
using OpsBot.Routing.Matching;
using OpsBot.Silences.Alertmanager;
using OpsBot.Tests.Integration;

namespace OpsBot.Tests.Silences.Alertmanager;

/// <summary>The client against a real Alertmanager: what it stores and reports back is the proof.</summary>
public sealed class AlertmanagerSilenceClientTests(AlertmanagerFixture fixture) : IClassFixture<AlertmanagerFixture>, IDisposable
{
    private readonly HttpClient _http = fixture.Alertmanager.Client();

    // Whole seconds: Alertmanager reports times to the millisecond, so the round trip is exact.
    private static readonly DateTimeOffset Start = new(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private AlertmanagerSilenceClient Client => new(_http);

    [Theory]
    [InlineData("{alertname=\"DiskFull\"}")]
    [InlineData("{alertname=\"DiskFull\", instance=~\"web-[0-9]+\"}")]
    [InlineData("{alertname=~\"Disk.*|Node.*\", env!=\"staging\"}")]
    [InlineData("{alertname=\"DiskFull\", team!~\"db|infra\"}")]
    [InlineData("{summary=\"say \\\"hi\\\", then C:\\\\temp\"}")]
    public async Task CreateAsync_ThenListAsync_ShowsItActiveWithTheSameMatchers(string set)
    {
        var matchers = Matchers.ParseSet(set);
        var comment = $"maintenance {Guid.NewGuid()}";

        var id = await Client.CreateAsync(matchers, Start.AddMinutes(-1), Start.AddHours(2), "opsbot-test", comment, CancellationToken.None);

        var silence = Assert.Single(await Client.ListAsync(CancellationToken.None), s => s.Id == id);
        Assert.Equal("active", silence.State);
        Assert.Equal(matchers, silence.Matchers);
        Assert.Equal(Start.AddHours(2), silence.EndsAt);
        Assert.Equal(("opsbot-test", comment), (silence.CreatedBy, silence.Comment));
    }

    [Fact]
    public async Task CreateAsync_InTheFuture_IsPendingUntilItStarts()
    {
        var id = await Client.CreateAsync(Matchers.ParseSet("{alertname=\"Later\"}"), Start.AddHours(1), Start.AddHours(2), "opsbot-test", "later", CancellationToken.None);

        var silence = Assert.Single(await Client.ListAsync(CancellationToken.None), s => s.Id == id);
        Assert.Equal("pending", silence.State);
        Assert.Equal(Start.AddHours(1), silence.StartsAt);
    }

    [Fact]
    public async Task ExpireAsync_LeavesTheSilenceExpired()
    {
        var id = await Client.CreateAsync(Matchers.ParseSet("{alertname=\"Expire\"}"), Start, Start.AddHours(1), "opsbot-test", "expire me", CancellationToken.None);

        await Client.ExpireAsync(id, CancellationToken.None);

        // Alertmanager sets endsAt to its own now, and a silence ending exactly now may still read active for an instant.
        await Eventually.Async(async () => (await Client.ListAsync(CancellationToken.None)).Single(s => s.Id == id).State == "expired", "silence expired");
    }

    [Fact]
    public async Task ExpireAsync_OnASilenceAlreadyExpiredOrUnknown_Succeeds()
    {
        var id = await Client.CreateAsync(Matchers.ParseSet("{alertname=\"Twice\"}"), Start, Start.AddHours(1), "opsbot-test", "twice", CancellationToken.None);
        await Client.ExpireAsync(id, CancellationToken.None);

        await Client.ExpireAsync(id, CancellationToken.None);
        await Client.ExpireAsync(Guid.NewGuid().ToString(), CancellationToken.None);
    }

    [Fact]
    public async Task CreateAsync_EndingBeforeItStarts_ThrowsWithAlertmanagersStatusAndReason()
    {
        var error = await Assert.ThrowsAsync<AlertmanagerUnavailableException>(() =>
            Client.CreateAsync(Matchers.ParseSet("{alertname=\"Backwards\"}"), Start.AddHours(1), Start, "opsbot-test", "backwards", CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("with 400 Bad Request", error.Message);
        Assert.Contains("start time must be before end time", error.Message);
    }

    [Fact]
    public async Task CreateAsync_WithoutMatchers_ThrowsWithAlertmanagersStatus()
    {
        var error = await Assert.ThrowsAsync<AlertmanagerUnavailableException>(() =>
            Client.CreateAsync([], Start, Start.AddHours(1), "opsbot-test", "everything", CancellationToken.None));

        Assert.NotNull(error.StatusCode);
        Assert.Contains($"with {(int)error.StatusCode!}", error.Message);
        Assert.Contains("matchers", error.Message);
    }

    [Fact]
    public async Task ExpireAsync_WithAnIdThatIsNoUuid_Throws()
    {
        var error = await Assert.ThrowsAsync<AlertmanagerUnavailableException>(() => Client.ExpireAsync("not-a-uuid", CancellationToken.None));

        Assert.Contains("422", error.Message);
    }

    public void Dispose() => _http.Dispose();
}
