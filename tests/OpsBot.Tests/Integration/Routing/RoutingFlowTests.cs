using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpsBot.Tests.Support;
using static OpsBot.Tests.Integration.Routing.TwoTeams;

namespace OpsBot.Tests.Integration.Routing;

/// <summary>Alerts through the running host and bus: routed to their owner, paged or deferred by the team's hours, escalated, stopped by an ack.</summary>
public sealed class RoutingFlowTests
{
    [Fact]
    public async Task A_critical_alert_on_a_db_host_pages_the_dba_on_call_in_their_page_channel()
    {
        var clock = new ManualClock(MondayMorningBerlin);
        await using var host = Host(clock);
        var client = await host.StartAsync();

        Assert.Equal(HttpStatusCode.OK, await SendAsync(client, "DiskFull", "db-3:9100", "critical", clock.GetUtcNow()));

        var detail = await RoutedAsync(client, "DiskFull");
        Assert.Equal("dba", detail.GetProperty("alert").GetProperty("team").GetString());
        Assert.Equal("page", detail.GetProperty("alert").GetProperty("urgency").GetString());
        var target = detail.GetProperty("routes")[0].GetProperty("decision").GetProperty("targets")[0];
        Assert.Equal("host inventory: 'db-3' matches 'db-*'", target.GetProperty("matchedBy").GetString());
        Assert.Equal("dba-pages", target.GetProperty("channel").GetProperty("name").GetString());
        Assert.True(target.GetProperty("inBusinessHours").GetBoolean());
        // 2026-11-23 starts week 46 after the rotation began on 2026-01-05: even weeks are anna's.
        Assert.Equal("anna", target.GetProperty("onCall").GetProperty("primary").GetProperty("id").GetString());

        var page = (await WaitForNotificationsAsync(client, n => Kind(n, "page"), 1, "page delivered")).Single();
        Assert.Equal(["anna"], Mentions(page));
        Assert.Equal("C0DBA00002", page.GetProperty("slackChannel").GetString());

        // route-test gives the same answer for the same labels and time.
        var answer = await (await PostJsonAsync(client, "/api/route-test", new
        {
            labels = new Dictionary<string, string> { ["alertname"] = "DiskFull", ["instance"] = "db-3:9100", ["severity"] = "critical" },
        })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("dba", answer.GetProperty("decision").GetProperty("targets")[0].GetProperty("team").GetString());
        Assert.Equal("page", answer.GetProperty("decision").GetProperty("targets")[0].GetProperty("urgency").GetString());
        host.DeleteData();
    }

    [Fact]
    public async Task A_warning_out_of_hours_waits_for_the_morning_digest_and_is_marked_still_firing()
    {
        // Monday 03:00 in New York: web is closed; its next business day starts at 09:00 New York (14:00Z).
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await using var host = Host(clock);
        var client = await host.StartAsync();

        await SendAsync(client, "HighLatency", "web-2:9100", "warning", clock.GetUtcNow());
        await SendAsync(client, "CertExpiring", "web-4:9100", "warning", clock.GetUtcNow());
        var detail = await RoutedAsync(client, "HighLatency");
        await RoutedAsync(client, "CertExpiring");
        Assert.Equal("digest", detail.GetProperty("alert").GetProperty("urgency").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.Zero),
            detail.GetProperty("routes")[0].GetProperty("decision").GetProperty("targets")[0].GetProperty("digestAt").GetDateTimeOffset());
        // One of them resolves before the morning.
        clock.Advance(TimeSpan.FromHours(1));
        await SendAsync(client, "CertExpiring", "web-4:9100", "warning", clock.GetUtcNow().AddHours(-1), clock.GetUtcNow());
        await Eventually.Async(async () => (await AlertAsync(client, "CertExpiring")).GetProperty("status").GetString() == "resolved", "resolved");

        clock.Advance(TimeSpan.FromHours(5) - TimeSpan.FromMinutes(1));
        await SchedulerPassesAsync(client, 2);
        Assert.DoesNotContain(await NotificationsAsync(client), n => Kind(n, "digest"));

        clock.Advance(TimeSpan.FromMinutes(1));
        var digest = (await WaitForNotificationsAsync(client, n => Kind(n, "digest"), 1, "digest at 09:00 New York")).Single();
        Assert.Equal("web", digest.GetProperty("team").GetString());
        var text = digest.GetProperty("text").GetString()!;
        Assert.Contains("2 alert(s) waited for business hours, 1 still firing", text);
        Assert.Contains("STILL FIRING: HighLatency", text);
        Assert.Contains("resolved: CertExpiring", text);
        Assert.DoesNotContain(await NotificationsAsync(client), n => Kind(n, "notify") || Kind(n, "page"));
        host.DeleteData();
    }

    [Fact]
    public async Task An_unacknowledged_page_escalates_each_timeout_and_an_acknowledgement_stops_it()
    {
        var clock = new ManualClock(MondayMorningBerlin);
        await using var host = Host(clock);
        var client = await host.StartAsync();

        // Through the Events API, so the same dedup_key can acknowledge it later.
        var trigger = EventsBody("trigger", "pg-primary-down", "critical", "db-1");
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/webhooks/events", Payloads.Json(trigger))).StatusCode);
        await WaitForNotificationsAsync(client, n => Kind(n, "page"), 1, "first page");

        clock.Advance(TimeSpan.FromMinutes(5));
        var first = (await WaitForNotificationsAsync(client, n => Kind(n, "escalation"), 1, "level 1 after 5 minutes")).Single();
        Assert.Equal(1, first.GetProperty("level").GetInt32());
        Assert.Equal(["anna", "carla"], Mentions(first));

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/webhooks/events", Payloads.Json(EventsBody("acknowledge", "pg-primary-down", "critical", "db-1")))).StatusCode);
        await WaitForNotificationsAsync(client, n => Kind(n, "acknowledged"), 1, "acknowledgement told to the channel");

        Assert.Equal(0, host.Scalar("SELECT COUNT(*) FROM timers WHERE Key LIKE 'escalate:%'"));
        clock.Advance(TimeSpan.FromMinutes(30));
        await SchedulerPassesAsync(client, 2);
        Assert.Single(await NotificationsAsync(client), n => Kind(n, "escalation"));
        host.DeleteData();
    }

    [Fact]
    public async Task Unanswered_pages_climb_to_the_whole_team_and_stop_at_the_configured_level()
    {
        var clock = new ManualClock(MondayMorningBerlin);
        await using var host = Host(clock);
        var client = await host.StartAsync();
        await SendAsync(client, "PostgresDown", "pg-9", "critical", clock.GetUtcNow());
        await WaitForNotificationsAsync(client, n => Kind(n, "page"), 1, "page");

        for (var level = 1; level <= 2; level++)
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            await WaitForNotificationsAsync(client, n => Kind(n, "escalation"), level, $"level {level}");
        }
        var top = (await NotificationsAsync(client)).Last(n => Kind(n, "escalation"));
        Assert.Equal(2, top.GetProperty("level").GetInt32());
        Assert.True(top.GetProperty("mentionChannel").GetBoolean());
        Assert.Equal(["anna", "ben", "carla"], Mentions(top).Order().ToArray());

        // dba escalates two levels: nothing after that.
        Assert.Equal(0, host.Scalar(TwoTeams.AlertTimers));
        clock.Advance(TimeSpan.FromMinutes(20));
        await SchedulerPassesAsync(client, 2);
        Assert.Equal(2, (await NotificationsAsync(client)).Count(n => Kind(n, "escalation")));
        host.DeleteData();
    }

    [Fact]
    public async Task A_resolution_reaches_the_channel_that_was_told_and_stops_escalation()
    {
        var clock = new ManualClock(MondayMorningBerlin);
        await using var host = Host(clock);
        var client = await host.StartAsync();
        var startsAt = clock.GetUtcNow();
        await SendAsync(client, "NodeDown", "web-7:9100", "critical", startsAt);
        await WaitForNotificationsAsync(client, n => Kind(n, "page"), 1, "page");

        clock.Advance(TimeSpan.FromMinutes(3));
        await SendAsync(client, "NodeDown", "web-7:9100", "critical", startsAt, clock.GetUtcNow());
        var resolved = (await WaitForNotificationsAsync(client, n => Kind(n, "resolved"), 1, "resolution")).Single();
        Assert.Equal("web", resolved.GetProperty("team").GetString());
        Assert.Contains("Resolved after 3m00s", resolved.GetProperty("text").GetString());
        Assert.Equal(0, host.Scalar(TwoTeams.AlertTimers));
        host.DeleteData();
    }

    private static string EventsBody(string action, string dedupKey, string severity, string source) => JsonSerializer.Serialize(new
    {
        routing_key = OpsBotFactory.IntegrationKey,
        event_action = action,
        dedup_key = dedupKey,
        payload = new { summary = "Postgres primary is down", source, severity },
    });
}
