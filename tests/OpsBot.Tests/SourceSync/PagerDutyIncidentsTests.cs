using System.Net;
using System.Text.Json.Nodes;
using OpsBot.SourceSync;
using OpsBot.Tests.Silences.Alertmanager;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.SourceSync;

/// <summary>The REST client against the fake PagerDuty: what the fake recorded, and how its refusals surface.</summary>
public sealed class PagerDutyIncidentsTests : IAsyncLifetime
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private FakeChatApi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeChatApi.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    private PagerDutyIncidents Client(Action<PagerDutyRestOptions>? change = null)
    {
        var options = new PagerDutyRestOptions { ApiToken = _fake.PagerDutyToken, FromEmail = "oncall@example.com", ApiBaseUrl = _fake.PagerDutyApiBaseUrl };
        change?.Invoke(options);
        return new PagerDutyIncidents(_http, options);
    }

    [Theory]
    [InlineData(PagerDutyIncidents.Acknowledged)]
    [InlineData(PagerDutyIncidents.Resolved)]
    public async Task UpdateStatusAsync_SetsTheStatusAsTheConfiguredUser(string status)
    {
        await Client().UpdateStatusAsync("PT4KHLK", status, CancellationToken.None);

        var update = Assert.Single(_fake.PagerDutyUpdates);
        Assert.Equal(("PT4KHLK", status, "oncall@example.com"), (update.IncidentId, update.Status, update.From));
    }

    [Fact]
    public async Task UpdateStatusAsync_SendsTheBodyOfPagerDutysOwnExample()
    {
        await Client().UpdateStatusAsync("PT4KHLK", "acknowledged", CancellationToken.None);

        var expected = JsonNode.Parse(Fixtures.Text("pagerduty-rest-incident-update-request.json"));
        var sent = Assert.Single(_fake.PagerDutyUpdates).Body;
        Assert.True(JsonNode.DeepEquals(expected, sent), $"sent {sent?.ToJsonString()}");
    }

    [Fact]
    public async Task UpdateStatusAsync_ABaseUrlWithoutTrailingSlash_KeepsItsPath()
    {
        await Client(o => o.ApiBaseUrl = _fake.PagerDutyApiBaseUrl.TrimEnd('/')).UpdateStatusAsync("P1", "resolved", CancellationToken.None);

        Assert.Single(_fake.PagerDutyUpdates);
    }

    [Fact]
    public async Task UpdateStatusAsync_AWrongToken_IsAPermanentFailureNamingPagerDutysReason()
    {
        var e = await Assert.ThrowsAsync<PagerDutySyncException>(() =>
            Client(o => o.ApiToken = "revoked").UpdateStatusAsync("P1", "acknowledged", CancellationToken.None));

        Assert.Equal("PagerDuty answered 401 Unauthorized: Authentication failed", e.Message);
        Assert.Equal((HttpStatusCode.Unauthorized, false, 2006), (e.StatusCode, e.Transient, e.ErrorCode));
        Assert.Empty(_fake.PagerDutyUpdates);
    }

    [Fact]
    public async Task UpdateStatusAsync_ARefusalWithDetails_QuotesThem()
    {
        // PagerDuty's documented error shape (REST-API/14-Errors.md); the fake never needs to produce a 403.
        var handler = new StubHandler(HttpStatusCode.Forbidden,
            """{"error":{"message":"Access Denied","code":2010,"errors":["Requester not authorized to perform action"]}}""");
        var options = new PagerDutyRestOptions { ApiToken = "t", FromEmail = "oncall@example.com", ApiBaseUrl = "https://pd.invalid/" };

        var e = await Assert.ThrowsAsync<PagerDutySyncException>(() =>
            new PagerDutyIncidents(new HttpClient(handler), options).UpdateStatusAsync("P 1", "resolved", CancellationToken.None));

        Assert.Equal("PagerDuty answered 403 Forbidden: Access Denied (Requester not authorized to perform action)", e.Message);
        Assert.Equal((false, 2010), (e.Transient, e.ErrorCode));
        Assert.Equal("https://pd.invalid/incidents/P%201", Assert.Single(handler.Requests).Uri.AbsoluteUri);
    }

    [Fact]
    public async Task UpdateStatusAsync_RateLimited_IsTransientWithPagerDutysWait()
    {
        _fake.FailNext(FakePlatform.PagerDuty, 1, 429, TimeSpan.FromSeconds(20));

        var e = await Assert.ThrowsAsync<PagerDutySyncException>(() => Client().UpdateStatusAsync("P1", "acknowledged", CancellationToken.None));

        Assert.Equal((HttpStatusCode.TooManyRequests, true, 2020), (e.StatusCode, e.Transient, e.ErrorCode));
        Assert.Equal(TimeSpan.FromSeconds(20), e.RetryAfter);
        Assert.Contains("429 Too Many Requests: Rate Limit Exceeded", e.Message);
    }

    [Fact]
    public async Task UpdateStatusAsync_AnOutage_IsTransient()
    {
        _fake.SetDown(FakePlatform.PagerDuty, true);

        var e = await Assert.ThrowsAsync<PagerDutySyncException>(() => Client().UpdateStatusAsync("P1", "resolved", CancellationToken.None));

        Assert.Equal((HttpStatusCode.InternalServerError, true), (e.StatusCode, e.Transient));
        Assert.Equal("PagerDuty answered 500 Internal Server Error: injected failure", e.Message);
    }

    [Fact]
    public async Task UpdateStatusAsync_Unreachable_IsTransientWithoutStatus()
    {
        var e = await Assert.ThrowsAsync<PagerDutySyncException>(() =>
            Client(o => o.ApiBaseUrl = AlertmanagerProcess.DummyWebhookUrl).UpdateStatusAsync("P1", "resolved", CancellationToken.None));

        Assert.Equal((null, true), (e.StatusCode, e.Transient));
    }

    [Fact]
    public async Task UpdateStatusAsync_NotConfiguredOrAnUnknownStatus_IsRefusedBeforeSending()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Client(o => o.FromEmail = " ").UpdateStatusAsync("P1", "resolved", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client().UpdateStatusAsync("P1", "snoozed", CancellationToken.None));

        Assert.Empty(_fake.RequestLog);
    }
}
