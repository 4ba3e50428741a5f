using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Integration.Routing;

/// <summary>
/// The README's two-team example (deploy/examples/teams.two-zones.json): dba in Europe/Berlin owns db-* hosts,
/// web in America/New_York owns web-* and is the default. Hosts run on a hand-moved clock.
/// </summary>
public static class TwoTeams
{
    /// <summary>Monday 2026-11-23 10:00 in Berlin (in dba's hours), 04:00 in New York (out of web's).</summary>
    public static readonly DateTimeOffset MondayMorningBerlin = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Counts the timers about alerts (escalations, digests, windows), leaving out the standing weekly ones (reports, retention).</summary>
    public const string AlertTimers = "SELECT COUNT(*) FROM timers WHERE Kind NOT IN ('weekly-report', 'retention')";

    public static string ExampleFile => Path.Combine(Fixtures.RepositoryRoot, "deploy", "examples", "teams.two-zones.json");

    public static OpsBotFactory Host(ManualClock clock, Dictionary<string, string?>? settings = null, string? dataDir = null) =>
        new(settings, dataDir, clock, ExampleFile);

    public static async Task<HttpStatusCode> SendAsync(HttpClient client, string alertname, string instance, string severity, DateTimeOffset startsAt,
        DateTimeOffset? endsAt = null, Dictionary<string, string>? extra = null)
    {
        var labels = Payloads.Labels(alertname, instance, severity);
        foreach (var (k, v) in extra ?? []) labels[k] = v;
        var body = Payloads.AlertmanagerWebhook(endsAt is null ? "firing" : "resolved", "g-" + alertname, (labels, startsAt, endsAt));
        return (await client.PostAsync("/webhooks/alertmanager", Payloads.Json(body))).StatusCode;
    }

    public static async Task<JsonElement> AlertAsync(HttpClient client, string alertname)
    {
        var all = await OpsBotFactory.GetJsonAsync(client, "/api/alerts?status=all&label=alertname=" + alertname);
        return all.EnumerateArray().Single();
    }

    /// <summary>Waits until the alert has been routed (it has a routing decision) and returns its detail.</summary>
    public static async Task<JsonElement> RoutedAsync(HttpClient client, string alertname, int routes = 1)
    {
        JsonElement detail = default;
        await Eventually.Async(async () =>
        {
            var list = await OpsBotFactory.GetJsonAsync(client, "/api/alerts?status=all&label=alertname=" + alertname);
            if (list.GetArrayLength() == 0) return false;
            detail = await OpsBotFactory.GetJsonAsync(client, $"/api/alerts/{list[0].GetProperty("id").GetInt64()}");
            // Both parts, since the detail reads the alert and its routes one after the other.
            return detail.GetProperty("routes").GetArrayLength() >= routes && detail.GetProperty("alert").GetProperty("urgency").ValueKind == JsonValueKind.String;
        }, $"{alertname} routed {routes} time(s)");
        return detail;
    }

    public static async Task<JsonElement[]> NotificationsAsync(HttpClient client, string query = "") =>
        (await OpsBotFactory.GetJsonAsync(client, "/api/notifications?limit=1000" + query)).EnumerateArray().Reverse().ToArray();

    /// <summary>Waits for notifications matching <paramref name="where"/> to number <paramref name="count"/>, and for all to be delivered.</summary>
    public static async Task<JsonElement[]> WaitForNotificationsAsync(HttpClient client, Func<JsonElement, bool> where, int count, string what)
    {
        JsonElement[] found = [];
        await Eventually.Async(async () =>
        {
            found = (await NotificationsAsync(client)).Where(where).ToArray();
            return found.Length >= count && found.All(n => n.GetProperty("deliveredAt").ValueKind != JsonValueKind.Null);
        }, what);
        Assert.Equal(count, found.Length);
        return found;
    }

    /// <summary>Waits until the timers job has run <paramref name="passes"/> more times, so whatever was due has fired.</summary>
    public static async Task SchedulerPassesAsync(HttpClient client, int passes)
    {
        var start = await PassesAsync(client);
        await Eventually.Async(async () => await PassesAsync(client) >= start + passes, $"{passes} scheduler passes");
    }

    private static async Task<long> PassesAsync(HttpClient client)
    {
        var metrics = await client.GetStringAsync("/metrics");
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("opsbot_scheduler_passes_total ", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    public static bool Kind(JsonElement n, string kind) => n.GetProperty("kind").GetString() == kind;

    public static string[] Mentions(JsonElement n) => n.GetProperty("mentions").EnumerateArray().Select(m => m.GetString()!).ToArray();

    public static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, object body) => client.PostAsJsonAsync(path, body);
}
