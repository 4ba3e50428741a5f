using System.Net;
using System.Text.Json;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Integration;

/// <summary>The host takes "now" from the injected TimeProvider: first/last seen and the flap window follow it.</summary>
public sealed class InjectedClockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 29, 0, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(20, false)] // five transitions 20 minutes apart: never more than three in an hour
    [InlineData(5, true)]   // five transitions 5 minutes apart: flapping
    public async Task Flap_window_is_measured_on_the_injected_clock(int minutesApart, bool flapping)
    {
        var clock = new ManualClock(T0);
        await using var host = new OpsBotFactory(new() { ["Dedupe:FlapThreshold"] = "3" }, clock: clock);
        var client = await host.StartAsync();
        var labels = Payloads.Labels("Wobbly", "web-3", "warning");

        for (var i = 0; i < 5; i++)
        {
            var startsAt = T0.AddMinutes(minutesApart * (i / 2 * 2));
            var body = i % 2 == 0
                ? Payloads.AlertmanagerWebhook("firing", "g", (labels, startsAt, null))
                : Payloads.AlertmanagerWebhook("resolved", "g", (labels, startsAt, clock.GetUtcNow()));
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/webhooks/alertmanager", Payloads.Json(body))).StatusCode);
            var expected = i + 1;
            await Eventually.True(() => host.Scalar("SELECT COUNT(*) FROM alert_occurrences") == expected, $"delivery {expected} through dedupe");
            if (i < 4) clock.Advance(TimeSpan.FromMinutes(minutesApart));
        }

        var alert = (await OpsBotFactory.GetJsonAsync(client, "/api/alerts?status=all")).EnumerateArray().Single();
        Assert.Equal(flapping, alert.GetProperty("flapping").GetBoolean());
        Assert.Equal(T0, alert.GetProperty("firstSeen").GetDateTimeOffset());
        Assert.Equal(T0.AddMinutes(4 * minutesApart), alert.GetProperty("lastSeen").GetDateTimeOffset());
        Assert.Equal(3, alert.GetProperty("occurrences").GetInt32());
        host.DeleteData();
    }
}
