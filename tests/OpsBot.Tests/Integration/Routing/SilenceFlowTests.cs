using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpsBot.Tests.Support;
using static OpsBot.Tests.Integration.Routing.TwoTeams;

namespace OpsBot.Tests.Integration.Routing;

/// <summary>Silences and maintenance windows through the running host: matching alerts are recorded, not notified, and routed when the window ends.</summary>
public sealed class SilenceFlowTests
{
    [Fact]
    public async Task A_maintenance_window_on_a_host_keeps_its_alerts_quiet_and_expiring_it_routes_them()
    {
        var clock = new ManualClock(MondayMorningBerlin);
        await using var host = Host(clock);
        var client = await host.StartAsync();

        var created = await CreateAsync(client, new { host = "web-7", duration = "2h", createdBy = "dave", comment = "kernel upgrade CHG-1234" });
        Assert.Equal("maintenance", created.GetProperty("kind").GetString());
        Assert.Equal("active", created.GetProperty("state").GetString());
        Assert.Equal(["instance=~\"web-7(:[0-9]+)?\""], created.GetProperty("matchers").EnumerateArray().Select(m => m.GetString()!).ToArray());
        Assert.Equal("off", created.GetProperty("alertmanager").GetProperty("state").GetString());

        await SendAsync(client, "NodeDown", "web-7:9100", "critical", clock.GetUtcNow());
        await SendAsync(client, "NodeDown", "web-70:9100", "critical", clock.GetUtcNow(), extra: new() { ["x"] = "other host" });
        List<JsonElement> alerts = [];
        await Eventually.Async(async () =>
        {
            alerts = (await OpsBotFactory.GetJsonAsync(client, "/api/alerts?label=alertname=NodeDown")).EnumerateArray().ToList();
            return alerts.Count == 2 && alerts.All(a => a.GetProperty("urgency").ValueKind == JsonValueKind.String);
        }, "both NodeDown alerts routed");
        var quiet = alerts.Single(a => a.GetProperty("labels").GetProperty("instance").GetString() == "web-7:9100");
        Assert.Equal("silenced", quiet.GetProperty("urgency").GetString());
        // The other host is paged as usual; web-7 is not.
        var pages = await WaitForNotificationsAsync(client, n => Kind(n, "page"), 1, "web-70 paged");
        Assert.Contains("web-70", pages[0].GetProperty("title").GetString());
        Assert.Contains("opsbot_routing_decisions_total{team=\"web\",urgency=\"silenced\"} 1", await client.GetStringAsync("/metrics"));

        var expired = await client.DeleteAsync($"/api/silences/{created.GetProperty("id").GetInt64()}");
        Assert.Equal(HttpStatusCode.OK, expired.StatusCode);
        var routed = await WaitForNotificationsAsync(client, n => Kind(n, "page"), 2, "web-7 paged once the window is over");
        Assert.Contains("web-7:9100", routed[1].GetProperty("text").GetString() + routed[1].GetProperty("title").GetString());
        var detail = await OpsBotFactory.GetJsonAsync(client, $"/api/alerts/{quiet.GetProperty("id").GetInt64()}");
        Assert.Equal("window-ended", detail.GetProperty("routes")[0].GetProperty("trigger").GetString());
        Assert.Equal("silenced", detail.GetProperty("routes")[1].GetProperty("urgency").GetString());
        host.DeleteData();
    }

    [Fact]
    public async Task A_silence_that_runs_out_routes_what_still_fires_and_a_resolution_while_silenced_stays_quiet()
    {
        var clock = new ManualClock(MondayMorningBerlin);
        await using var host = Host(clock);
        var client = await host.StartAsync();
        await CreateAsync(client, new { matchers = new[] { "alertname=~\"Disk.*\"" }, duration = "1h", createdBy = "anna", comment = "migrating volumes", team = "dba" });

        var startsAt = clock.GetUtcNow();
        await SendAsync(client, "DiskFull", "db-1:9100", "critical", startsAt);
        await SendAsync(client, "DiskSlow", "db-2:9100", "critical", startsAt);
        await RoutedAsync(client, "DiskFull");
        await RoutedAsync(client, "DiskSlow");
        await SendAsync(client, "DiskSlow", "db-2:9100", "critical", startsAt, clock.GetUtcNow().AddMinutes(1));
        await Eventually.Async(async () => (await AlertAsync(client, "DiskSlow")).GetProperty("status").GetString() == "resolved", "DiskSlow resolved");

        // The creator is reminded 15 minutes before the end, in the silence's team channel.
        clock.Advance(TimeSpan.FromMinutes(45));
        var reminder = (await WaitForNotificationsAsync(client, n => Kind(n, "reminder"), 1, "reminder")).Single();
        Assert.Equal(["anna"], Mentions(reminder));
        Assert.Equal("dba", reminder.GetProperty("team").GetString());

        clock.Advance(TimeSpan.FromMinutes(15));
        var page = (await WaitForNotificationsAsync(client, n => Kind(n, "page"), 1, "DiskFull paged at the end of the silence")).Single();
        Assert.Contains("DiskFull", page.GetProperty("title").GetString());
        Assert.DoesNotContain(await NotificationsAsync(client), n => n.GetProperty("title").GetString()!.Contains("DiskSlow"));
        Assert.Empty((await OpsBotFactory.GetJsonAsync(client, "/api/silences")).EnumerateArray());
        Assert.Single((await OpsBotFactory.GetJsonAsync(client, "/api/silences?state=expired")).EnumerateArray());
        host.DeleteData();
    }

    [Fact]
    public async Task A_recurring_window_silences_during_each_occurrence_only()
    {
        // Sunday 2026-11-22 02:30 in Berlin (01:30Z), inside the weekly Sunday 02:00-04:00 window.
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 22, 1, 30, 0, TimeSpan.Zero));
        await using var host = Host(clock);
        var client = await host.StartAsync();
        var window = await CreateAsync(client, new
        {
            matchers = new[] { "alertname=BackupRunning" },
            recurrence = "Sun 02:00-04:00",
            timeZone = "Europe/Berlin",
            createdBy = "anna",
            comment = "weekly backup",
        });
        Assert.Equal("not_mirrored", window.GetProperty("alertmanager").GetProperty("state").GetString());
        Assert.Equal("active", window.GetProperty("state").GetString());

        await SendAsync(client, "BackupRunning", "db-1:9100", "critical", clock.GetUtcNow());
        var detail = await RoutedAsync(client, "BackupRunning");
        Assert.Equal("silenced", detail.GetProperty("alert").GetProperty("urgency").GetString());

        clock.Advance(TimeSpan.FromMinutes(90)); // 04:00 Berlin: the occurrence is over
        var page = (await WaitForNotificationsAsync(client, n => Kind(n, "page"), 1, "paged after the occurrence")).Single();
        Assert.Contains("BackupRunning", page.GetProperty("title").GetString());
        var between = (await OpsBotFactory.GetJsonAsync(client, "/api/silences")).EnumerateArray().Single();
        Assert.Equal("scheduled", between.GetProperty("state").GetString());
        host.DeleteData();
    }

    public static TheoryData<string, string> BadSilences => new()
    {
        { """{"duration":"1h","createdBy":"a","comment":"c"}""", "no_matchers" },
        { """{"matchers":["job=~\".*\""],"duration":"1h","createdBy":"a","comment":"c"}""", "matches_everything" },
        { """{"matchers":["job=~("],"duration":"1h","createdBy":"a","comment":"c"}""", "bad_matcher" },
        { """{"matchers":["job=x"],"startsAt":"2026-11-23T12:00:00Z","endsAt":"2026-11-23T11:00:00Z","createdBy":"a","comment":"c"}""", "ends_before_start" },
        { """{"matchers":["job=x"],"duration":"30d","createdBy":"a","comment":"c"}""", "too_long" },
        { """{"matchers":["job=x"],"duration":"soon","createdBy":"a","comment":"c"}""", "bad_duration" },
        { """{"matchers":["job=x"],"createdBy":"a","comment":"c"}""", "no_end" },
        { """{"matchers":["job=x"],"duration":"1h","comment":"c"}""", "no_creator" },
        { """{"matchers":["job=x"],"duration":"1h","createdBy":"a"}""", "no_comment" },
        { """{"matchers":["job=x"],"duration":"1h","createdBy":"a","comment":"c","team":"nope"}""", "unknown_team" },
        { """{"matchers":["job=x"],"recurrence":"Someday 02:00-04:00","createdBy":"a","comment":"c"}""", "bad_recurrence" },
        { """{"matchers":["jbo=x"],"duration":"1h","createdBy":"a","comment":"c"}""", "unknown_label" },
        { """{"matchers":["job=x"],"duration":"1h",""", "bad_json" },
        { """{"matchers":[null],"duration":"1h","createdBy":"a","comment":"c"}""", "bad_request" },
        { """{"matchers":["job=x"],"duration":"10000000.00:00:00","createdBy":"a","comment":"c"}""", "bad_request" },
    };

    [Theory]
    [MemberData(nameof(BadSilences))]
    public async Task A_bad_silence_is_refused_with_a_precise_reason_and_nothing_is_stored(string body, string error)
    {
        var clock = new ManualClock(MondayMorningBerlin);
        await using var host = Host(clock, new() { ["Silences:StrictLabels"] = "true", ["Silences:KnownLabels:0"] = "job" });
        var client = await host.StartAsync();
        var response = await client.PostAsync("/api/silences", Payloads.Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(error, answer.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(answer.GetProperty("message").GetString()));
        Assert.Equal(0, host.Scalar("SELECT COUNT(*) FROM silences"));
        host.DeleteData();
    }

    [Fact]
    public async Task A_silence_sent_without_a_JSON_content_type_is_a_415()
    {
        var clock = new ManualClock(MondayMorningBerlin);
        await using var host = Host(clock);
        var client = await host.StartAsync();
        var response = await client.PostAsync("/api/silences",
            new StringContent("""{"matchers":["job=x"],"duration":"1h","createdBy":"a","comment":"c"}"""));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, host.Scalar("SELECT COUNT(*) FROM silences"));
        host.DeleteData();
    }

    [Fact]
    public async Task A_page_whose_escalation_a_silence_stopped_is_paged_again_when_the_silence_ends()
    {
        var clock = new ManualClock(MondayMorningBerlin);
        await using var host = Host(clock);
        var client = await host.StartAsync();
        await SendAsync(client, "PostgresDown", "db-4:9100", "critical", clock.GetUtcNow());
        await WaitForNotificationsAsync(client, n => Kind(n, "page"), 1, "first page");

        await CreateAsync(client, new { host = "db-4", duration = "30m", createdBy = "anna", comment = "failover drill" });
        clock.Advance(TimeSpan.FromMinutes(5)); // the escalation is due, but the host is in maintenance now
        await SchedulerPassesAsync(client, 2);
        Assert.DoesNotContain(await NotificationsAsync(client), n => Kind(n, "escalation"));

        clock.Advance(TimeSpan.FromMinutes(25)); // the window is over and the alert still fires
        await WaitForNotificationsAsync(client, n => Kind(n, "page"), 2, "paged again after the window");
        var detail = await RoutedAsync(client, "PostgresDown", routes: 2);
        Assert.Equal("window-ended", detail.GetProperty("routes")[0].GetProperty("trigger").GetString());
        host.DeleteData();
    }

    [Fact]
    public async Task With_tokens_configured_a_write_needs_one_and_acts_as_its_user()
    {
        var clock = new ManualClock(MondayMorningBerlin);
        await using var host = Host(clock, new() { ["Api:Tokens:0:Token"] = "s3cret", ["Api:Tokens:0:User"] = "ci-bot" });
        var client = await host.StartAsync();
        var body = new { matchers = new[] { "alertname=X" }, duration = "1h", createdBy = "mallory", comment = "deploy" };

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/silences", body)).StatusCode);
        client.DefaultRequestHeaders.Authorization = new("Bearer", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/silences", body)).StatusCode);
        client.DefaultRequestHeaders.Authorization = new("Bearer", "s3cret");
        var created = await CreateAsync(client, body);
        Assert.Equal("ci-bot", created.GetProperty("createdBy").GetString());
        Assert.Contains("opsbot_api_denied_total{reason=\"wrong_token\"} 1", await client.GetStringAsync("/metrics"));
        host.DeleteData();
    }

    private static async Task<JsonElement> CreateAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/silences", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
