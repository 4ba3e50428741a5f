using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OpsBot.Routing.Matching;
using OpsBot.Silences.Alertmanager;
using OpsBot.Tests.Integration;

namespace OpsBot.Tests.Silences.Alertmanager;

/// <summary>No Alertmanager, or one that never answers: the client must fail fast and say so.</summary>
public sealed class AlertmanagerUnreachableTests
{
    private static readonly IReadOnlyList<LabelMatcher> AnyMatchers = Matchers.ParseSet("{alertname=\"X\"}");
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task CreateAsync_AgainstAClosedPort_ThrowsQuickly()
    {
        var port = HostProcess.FreePort(); // free again once the helper's listener has stopped
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(2) };
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<AlertmanagerUnavailableException>(() =>
            new AlertmanagerSilenceClient(http).CreateAsync(AnyMatchers, Start, Start.AddHours(1), "bot", "c", CancellationToken.None));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Contains($"Alertmanager at http://127.0.0.1:{port}/api/v2/silences could not be reached (POST)", error.Message);
        Assert.Null(error.StatusCode);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task ListAsync_AgainstAServerThatNeverAnswers_ThrowsAfterTheClientTimeout()
    {
        // The kernel completes the TCP handshake for a listening socket nobody accepts from, so the request hangs.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMilliseconds(300) };

        var error = await Assert.ThrowsAsync<AlertmanagerUnavailableException>(() => new AlertmanagerSilenceClient(http).ListAsync(CancellationToken.None));

        Assert.Contains($"Alertmanager at http://127.0.0.1:{port}/api/v2/silences did not answer GET within 0.3 s", error.Message);
    }

    [Fact]
    public async Task TheCallersOwnCancellation_IsNotReportedAsAnOutage()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new AlertmanagerSilenceClient(http).ListAsync(cancel.Token));
    }
}
