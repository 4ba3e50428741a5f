using OpsBot.Tests.Integration.Routing;
using OpsBot.Tests.Support;
using static OpsBot.Tests.Integration.Chat.ChatHost;

namespace OpsBot.Tests.Integration.Chat;

/// <summary>A team that chose it: acknowledging an Alertmanager alert in chat silences it until it is resolved there.</summary>
public sealed class AckSilenceTests
{
    private static readonly DateTimeOffset Start = TwoTeams.MondayMorningBerlin;

    [Fact]
    public async Task AckSilences_TheAlertsExactLabels_AndResolvingEndsTheSilence()
    {
        var (fake, clock, host, client, id) = await PagedAsync(new() { ["Teams:dba:AckSilencesFor"] = "04:00:00" });
        await using var _ = fake;
        await using var __ = host;

        var ack = await (await SlashAsync(client, clock, AnnaSlack, $"ack {id}", fake)).Content.ReadAsStringAsync();
        Assert.Contains("Silenced in OpsBot for 4h", ack);
        var silence = (await OpsBotFactory.GetJsonAsync(client, "/api/silences")).EnumerateArray().Single();
        Assert.Equal(["alertname=\"PostgresDown\"", "instance=\"db-1:9100\"", "severity=\"critical\""],
            silence.GetProperty("matchers").EnumerateArray().Select(m => m.GetString()!).Order().ToArray());
        Assert.Equal(TimeSpan.FromHours(4), silence.GetProperty("endsAt").GetDateTimeOffset() - Start);

        var resolve = await (await SlashAsync(client, clock, AnnaSlack, $"resolve {id}", fake)).Content.ReadAsStringAsync();
        Assert.Contains($"Silence {silence.GetProperty("id").GetInt64()} from its acknowledgement ended", resolve);
        Assert.Empty((await OpsBotFactory.GetJsonAsync(client, "/api/silences")).EnumerateArray());
    }

    [Fact]
    public async Task ByDefault_AckDoesNotSilence()
    {
        var (fake, clock, host, client, id) = await PagedAsync();
        await using var _ = fake;
        await using var __ = host;
        Assert.DoesNotContain("Silenced", await (await SlashAsync(client, clock, AnnaSlack, $"ack {id}", fake)).Content.ReadAsStringAsync());
        Assert.Empty((await OpsBotFactory.GetJsonAsync(client, "/api/silences")).EnumerateArray());
    }
}
