using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpsBot.Tests.Diagnostics;
using OpsBot.Tests.Integration.Chat;
using OpsBot.Tests.Integration.Routing;
using OpsBot.Tests.Support;
using static OpsBot.Tests.Integration.Chat.ChatHost;

namespace OpsBot.Tests.Integration.Remediate;

/// <summary>/ops host, GET /api/hosts and an alert's Prometheus diagnostics, with a real Prometheus scraping a real node_exporter.</summary>
public sealed class HostDiagnosticsTests(PrometheusFixture prometheus) : IClassFixture<PrometheusFixture>
{
    private const string Host = PrometheusFixture.Host;

    private async Task<(FakeChatApi Fake, ManualClock Clock, OpsBotFactory Factory, HttpClient Client)> StartAsync()
    {
        var fake = await FakeChatApi.StartAsync();
        var clock = new ManualClock(TwoTeams.MondayMorningBerlin);
        var factory = ChatHost.Host(fake, clock, new()
        {
            ["Prometheus:Url"] = prometheus.Prometheus.Url.ToString(),
            ["Routing:Hosts:3:Pattern"] = Host,
            ["Routing:Hosts:3:Team"] = "dba",
        });
        return (fake, clock, factory, await factory.StartAsync());
    }

    [Fact]
    public async Task OpsHost_AnswersWithRealFigures_AndRefusesHostsOutsideTheInventory()
    {
        var (fake, clock, factory, client) = await StartAsync();
        await using var _ = fake;
        await using var __ = factory;

        var answer = await (await SlashAsync(client, clock, VeraSlack, $"host {Host}", fake)).Content.ReadFromJsonAsync<JsonElement>();
        var text = answer.GetProperty("text").GetString()!;
        Assert.Contains($"{Host}: owned by dba", text);
        Assert.Contains("CPU", text);
        Assert.Contains("memory", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("No live figures", text);

        var api = await OpsBotFactory.GetJsonAsync(client, $"/api/hosts/{Host}");
        Assert.True(api.GetProperty("summary").GetProperty("found").GetBoolean());
        Assert.Contains(api.GetProperty("summary").GetProperty("lines").EnumerateArray(), l => l.GetProperty("name").GetString()!.StartsWith("load", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/hosts/mail-1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/hosts/db-1%3Brm")).StatusCode);
    }

    [Fact]
    public async Task ANewAlert_GetsItsPrometheusDiagnosticsInTheThread()
    {
        var (fake, clock, factory, client) = await StartAsync();
        await using var _ = fake;
        await using var __ = factory;

        await TwoTeams.SendAsync(client, "HighLoad", prometheus.Prometheus.InstanceOf(Host), "critical", clock.GetUtcNow());
        await fake.WaitUntilAsync(f => f.SlackMessages.Any(m => m.ThreadTs is not null && (m.Text ?? "").Contains("Diagnostics (high-load)")), TimeSpan.FromSeconds(30));
        var diagnostics = fake.SlackMessages.Single(m => m.ThreadTs is not null && (m.Text ?? "").Contains("Diagnostics (high-load)")).Text!;
        Assert.Matches(@"[0-9]", diagnostics);
        var id = (await TwoTeams.AlertAsync(client, "HighLoad")).GetProperty("id").GetInt64();
        var stored = (await OpsBotFactory.GetJsonAsync(client, $"/api/alerts/{id}")).GetProperty("diagnostics").EnumerateArray().ToList();
        Assert.Contains(stored, d => d.GetProperty("ok").GetBoolean() && d.GetProperty("output").GetString() != "no data");
    }
}
