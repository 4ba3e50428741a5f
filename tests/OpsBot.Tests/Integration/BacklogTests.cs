namespace OpsBot.Tests.Integration;

/// <summary>A burst larger than the in-flight bound waits in the inbox on disk and is fed to dedupe as it catches up.</summary>
public sealed class BacklogTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Burst_beyond_the_in_flight_bound_is_fed_from_disk_and_fully_processed()
    {
        await using var host = new OpsBotFactory(new() { ["Ingest:MaxInFlight"] = "100", ["Dedupe:BatchSize"] = "20" });
        var client = await host.StartAsync();

        var requests = Enumerable.Range(0, 40).Select(r => client.PostAsync("/webhooks/alertmanager", Payloads.Json(
            Payloads.AlertmanagerWebhook("firing", $"burst-{r}", Enumerable.Range(0, 25)
                .Select(i => (Payloads.Labels("Burst", $"host-{r}-{i}"), T0, (DateTimeOffset?)null)).ToArray()))));
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode));
        await Eventually.True(() => host.Scalar("SELECT COUNT(*) FROM alerts") == 1000 && host.Scalar("SELECT COUNT(*) FROM inbox") == 0,
            "all 1000 alerts through dedupe");
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Matches("opsbot_inbox_replayed_total\\{reason=\"backlog\"\\} [1-9]", metrics);
        Assert.Equal(1000, host.Scalar("SELECT COUNT(*) FROM alert_occurrences"));
        host.DeleteData();
    }
}
