using System.Net.Http.Json;
using System.Text.Json;
using OpsBot.Tests.Integration.Chat;
using static OpsBot.Tests.Integration.Chat.ChatHost;

namespace OpsBot.Tests.Integration.Reports;

public sealed class ReportOnDemandTests
{
    [Fact]
    public async Task OpsReport_AndTheApi_GiveThisWeeksFigures()
    {
        var (fake, clock, host, client, _) = await PagedAsync();
        await using var __ = fake;
        await using var ___ = host;

        var reply = await (await SlashAsync(client, clock, VeraSlack, "report dba this", fake)).Content.ReadFromJsonAsync<JsonElement>();
        var text = reply.GetProperty("text").GetString()!;
        Assert.Contains("PostgresDown", text);
        Assert.Contains("2026-W48", text);
        Assert.Contains("Usage: /ops report", (await (await SlashAsync(client, clock, VeraSlack, "report dba someday", fake)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("text").GetString());

        var json = await client.GetFromJsonAsync<JsonElement>("/api/reports/dba/this");
        Assert.Equal(1, json.GetProperty("totals").GetProperty("pages").GetInt32());
        Assert.Equal("PostgresDown", json.GetProperty("alerts")[0].GetProperty("alertName").GetString());
        var csv = await client.GetStringAsync("/api/reports/dba/2026-W48?format=csv");
        Assert.StartsWith("team,week,alert,", csv, StringComparison.Ordinal);
        Assert.Contains("PostgresDown", csv);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/api/reports/nobody/this")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await client.GetAsync("/api/reports/dba/someday")).StatusCode);
    }
}
