using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using OpsBot.Tests.Support;
using static OpsBot.Tests.Integration.Routing.TwoTeams;

namespace OpsBot.Tests.Integration.Routing;

/// <summary>A silence created in OpsBot is created in a real Alertmanager too, so the source stops sending; expiring it expires both.</summary>
public sealed class AlertmanagerSilenceSyncTests
{
    [Fact]
    public async Task A_silence_is_mirrored_to_Alertmanager_and_expired_there_with_it()
    {
        await using var alertmanager = await AlertmanagerProcess.StartAsync();
        // Alertmanager judges silences on real time, so this host's clock is real too.
        await using var host = new OpsBotFactory(new() { ["Alertmanager:Url"] = alertmanager.Url.ToString() }, configFile: ExampleFile);
        var client = await host.StartAsync();

        var response = await client.PostAsJsonAsync("/api/silences", new
        {
            matchers = new[] { "alertname=~\"Disk.*\"", "instance!=db-9:9100" },
            duration = "2h",
            createdBy = "anna",
            comment = "resizing volumes",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var silence = await response.Content.ReadFromJsonAsync<JsonElement>();
        var sync = silence.GetProperty("alertmanager");
        Assert.Equal("synced", sync.GetProperty("state").GetString());
        var amId = sync.GetProperty("id").GetString()!;

        var inAlertmanager = await FindAsync(alertmanager, amId);
        Assert.Equal("active", inAlertmanager.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("anna", inAlertmanager.GetProperty("createdBy").GetString());
        var matchers = inAlertmanager.GetProperty("matchers").EnumerateArray()
            .Select(m => (m.GetProperty("name").GetString(), m.GetProperty("value").GetString(), m.GetProperty("isRegex").GetBoolean(), m.GetProperty("isEqual").GetBoolean()))
            .OrderBy(m => m.Item1).ToArray();
        Assert.Equal([("alertname", "Disk.*", true, true), ("instance", "db-9:9100", false, false)], matchers);

        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/api/silences/{silence.GetProperty("id").GetInt64()}")).StatusCode);
        Assert.Equal("expired", (await FindAsync(alertmanager, amId)).GetProperty("status").GetProperty("state").GetString());
        host.DeleteData();
    }

    [Fact]
    public async Task When_Alertmanager_cannot_be_reached_the_silence_still_works_in_OpsBot_and_says_so()
    {
        // A port held bound but never listening: connections are refused, and no parallel test can take it meanwhile.
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var clock = new ManualClock(MondayMorningBerlin);
        await using var host = Host(clock, new()
        {
            ["Alertmanager:Url"] = $"http://127.0.0.1:{((IPEndPoint)closed.LocalEndPoint!).Port}/",
            ["Alertmanager:Timeout"] = "00:00:02",
        });
        var client = await host.StartAsync();

        var response = await client.PostAsJsonAsync("/api/silences", new { host = "web-1", duration = "1h", createdBy = "dave", comment = "reboot" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var sync = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("alertmanager");
        Assert.Equal("failed", sync.GetProperty("state").GetString());
        Assert.False(string.IsNullOrEmpty(sync.GetProperty("error").GetString()));
        Assert.Contains("opsbot_alertmanager_silence_sync_failures_total{operation=\"create\"} 1", await client.GetStringAsync("/metrics"));

        await SendAsync(client, "NodeDown", "web-1:9100", "critical", clock.GetUtcNow());
        var detail = await RoutedAsync(client, "NodeDown");
        Assert.Equal("silenced", detail.GetProperty("alert").GetProperty("urgency").GetString());
        host.DeleteData();
    }

    private static async Task<JsonElement> FindAsync(AlertmanagerProcess alertmanager, string id)
    {
        using var http = alertmanager.Client();
        var all = await http.GetFromJsonAsync<JsonElement>("api/v2/silences");
        return all.EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);
    }
}
