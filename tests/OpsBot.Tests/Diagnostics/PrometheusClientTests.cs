using System.Net;
using System.Net.Sockets;
using OpsBot.Diagnostics;
using OpsBot.Tests.Integration;

namespace OpsBot.Tests.Diagnostics;

/// <summary>The client against a real Prometheus scraping a real node_exporter.</summary>
public sealed class PrometheusClientTests(PrometheusFixture fixture) : IClassFixture<PrometheusFixture>, IDisposable
{
    private readonly HttpClient _http = fixture.Prometheus.Client();

    private PrometheusClient Client => new(_http);

    [Fact]
    public async Task QueryAsync_InstantVector_GivesLabelsAndValues()
    {
        var samples = await Client.QueryAsync("up{job=\"node\"}", CancellationToken.None);

        var up = Assert.Single(samples);
        Assert.Equal(1, up.Value);
        Assert.Equal(fixture.Prometheus.InstanceOf(PrometheusFixture.Host), up.Labels["instance"]);
        Assert.Equal("up", up.Labels["__name__"]);
    }

    [Fact]
    public async Task QueryAsync_Scalar_IsOneSampleWithoutLabels()
    {
        var sample = Assert.Single(await Client.QueryAsync("scalar(vector(1.5)) * 2", CancellationToken.None));

        Assert.Empty(sample.Labels);
        Assert.Equal(3, sample.Value);
    }

    [Fact]
    public async Task QueryAsync_NaN_IsParsed()
    {
        var sample = Assert.Single(await Client.QueryAsync("vector(0) / 0", CancellationToken.None));

        Assert.True(double.IsNaN(sample.Value));
    }

    [Fact]
    public async Task QueryAsync_BadPromQL_CarriesPrometheusErrorText()
    {
        var e = await Assert.ThrowsAsync<PrometheusUnavailableException>(() => Client.QueryAsync("rate(up[5m]", CancellationToken.None));

        Assert.Equal("bad_data", e.ErrorType);
        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Contains("parse error", e.Message);
        Assert.Contains("rate(up[5m]", e.Message);
    }

    [Fact]
    public async Task QueryAsync_RangeVector_IsRefusedWithAHint()
    {
        var e = await Assert.ThrowsAsync<PrometheusUnavailableException>(() => Client.QueryAsync("up[1m]", CancellationToken.None));

        Assert.Contains("matrix", e.Message);
        Assert.Contains("instant vectors", e.Message);
    }

    [Fact]
    public async Task QueryAsync_BaseAddressWithoutTrailingSlash_StillReachesTheApi()
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.Prometheus.Url.ToString().TrimEnd('/')) };

        Assert.Single(await new PrometheusClient(http).QueryAsync("vector(1)", CancellationToken.None));
    }

    [Fact]
    public async Task QueryAsync_NothingListening_SaysItCouldNotBeReached()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HostProcess.FreePort()}/") };

        var e = await Assert.ThrowsAsync<PrometheusUnavailableException>(() => new PrometheusClient(http).QueryAsync("up", CancellationToken.None));

        Assert.Contains("could not be reached", e.Message);
        Assert.Null(e.StatusCode);
    }

    [Fact]
    public async Task QueryAsync_NoAnswerInTime_SaysSo()
    {
        // Accepts connections and never answers: a hung Prometheus.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var http = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/"),
            Timeout = TimeSpan.FromMilliseconds(300),
        };

        var e = await Assert.ThrowsAsync<PrometheusUnavailableException>(() => new PrometheusClient(http).QueryAsync("up", CancellationToken.None));

        Assert.Contains("did not answer within 0.3 s", e.Message);
    }

    [Fact]
    public async Task QueryAsync_CallerCancels_IsCancellationNotAnOutage()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.QueryAsync("up", cancelled.Token));
    }

    public void Dispose() => _http.Dispose();
}
