using System.Net;
using System.Text.Json;
using OpsBot.Tests.Support;
using static OpsBot.Tests.Integration.Routing.TwoTeams;

namespace OpsBot.Tests.Integration.Routing;

/// <summary>When a heartbeat stops, OpsBot raises its own alert, routed and paged like any other; it resolves when beats return.</summary>
public sealed class HeartbeatTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Heartbeats:watchdog:Match:0"] = "alertname=Watchdog",
        ["Heartbeats:watchdog:Interval"] = "00:02:00",
        ["Heartbeats:nightly-backup:Interval"] = "1.00:00:00",
        ["Heartbeats:nightly-backup:Labels:service"] = "api",
        ["Heartbeats:nightly-backup:Labels:severity"] = "warning",
    };

    [Fact]
    public async Task A_silent_Watchdog_pages_the_default_team_and_its_return_resolves_the_alert()
    {
        var clock = new ManualClock(MondayMorningBerlin);
        await using var host = Host(clock, Settings);
        var client = await host.StartAsync();
        await Eventually.Async(async () => await StateAsync(client, "watchdog") == "ok", "watching");

        await SendAsync(client, "Watchdog", "alertmanager-0", "none", clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(1));
        await SchedulerPassesAsync(client, 2);
        Assert.Equal("ok", await StateAsync(client, "watchdog"));

        clock.Advance(TimeSpan.FromMinutes(2)); // three minutes since the last beat, interval two
        var page = (await WaitForNotificationsAsync(client, n => Kind(n, "page") && n.GetProperty("title").GetString()!.Contains("HeartbeatMissing"), 1, "heartbeat page")).Single();
        Assert.Equal("web", page.GetProperty("team").GetString());
        Assert.Equal("missing", await StateAsync(client, "watchdog"));
        var alert = await AlertAsync(client, "HeartbeatMissing");
        Assert.Equal("opsbot", alert.GetProperty("source").GetString());
        Assert.Equal("watchdog", alert.GetProperty("labels").GetProperty("heartbeat").GetString());

        await SendAsync(client, "Watchdog", "alertmanager-0", "none", clock.GetUtcNow());
        await WaitForNotificationsAsync(client, n => Kind(n, "resolved"), 1, "heartbeat alert resolved");
        Assert.Equal("resolved", (await AlertAsync(client, "HeartbeatMissing")).GetProperty("status").GetString());
        Assert.Equal("ok", await StateAsync(client, "watchdog"));
        host.DeleteData();
    }

    [Fact]
    public async Task A_job_beats_through_the_API_and_an_unknown_heartbeat_is_a_404()
    {
        var clock = new ManualClock(MondayMorningBerlin);
        await using var host = Host(clock, Settings);
        var client = await host.StartAsync();

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/heartbeats/nightly-backup", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/heartbeats/no-such-job", null)).StatusCode);
        await Eventually.Async(async () => await LastSeenAsync(client, "nightly-backup") == clock.GetUtcNow(), "beat recorded");

        clock.Advance(TimeSpan.FromHours(25));
        await Eventually.Async(async () => await StateAsync(client, "nightly-backup") == "missing", "backup heartbeat missing");
        var detail = await RoutedAsync(client, "HeartbeatMissing");
        // Its configured labels route it: service=api follows the sun, and Tuesday 11:00 in Berlin is dba's business hours.
        Assert.Equal("warning", detail.GetProperty("alert").GetProperty("severity").GetString());
        Assert.Equal("dba", detail.GetProperty("alert").GetProperty("team").GetString());
        Assert.Equal("notify", detail.GetProperty("alert").GetProperty("urgency").GetString());
        host.DeleteData();
    }

    private static async Task<JsonElement> HeartbeatAsync(HttpClient client, string name) =>
        (await OpsBotFactory.GetJsonAsync(client, "/api/heartbeats")).EnumerateArray().Single(h => h.GetProperty("name").GetString() == name);

    private static async Task<string?> StateAsync(HttpClient client, string name) => (await HeartbeatAsync(client, name)).GetProperty("state").GetString();

    private static async Task<DateTimeOffset?> LastSeenAsync(HttpClient client, string name) =>
        (await HeartbeatAsync(client, name)).GetProperty("lastSeen") is { ValueKind: JsonValueKind.String } seen ? seen.GetDateTimeOffset() : null;
}
