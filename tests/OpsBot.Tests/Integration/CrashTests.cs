using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace OpsBot.Tests.Integration;

/// <summary>
/// A real OpsBot process is killed with SIGKILL while a loader is sending; after a restart every alert that got a
/// 2xx is stored, and none twice, and every stored alert is routed exactly once.
/// </summary>
public sealed class CrashTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Every_acknowledged_alert_survives_a_kill_and_is_processed_exactly_once()
    {
        var dataDir = Directory.CreateTempSubdirectory("opsbot-crash-").FullName;
        var port = HostProcess.FreePort();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var acknowledged = new ConcurrentBag<int>();

        using (var host = HostProcess.Start(dataDir, port))
        {
            await host.WaitReadyAsync(http);
            using var stopLoader = new CancellationTokenSource();
            var next = 0;
            var loaders = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (!stopLoader.IsCancellationRequested)
                {
                    var seq = Interlocked.Increment(ref next);
                    if (await TryPostAsync(http, host.BaseAddress, seq)) acknowledged.Add(seq);
                }
            })).ToList();

            await Eventually.True(() => acknowledged.Count >= 300, "300 alerts acknowledged before the kill", TimeSpan.FromSeconds(60));
            host.KillHard();
            await stopLoader.CancelAsync();
            await Task.WhenAll(loaders);
        }

        using (var restarted = HostProcess.Start(dataDir, port))
        {
            await restarted.WaitReadyAsync(http);
            var db = Path.Combine(dataDir, "opsbot.db");
            await Eventually.True(() => TestDatabase.Scalar(db, "SELECT COUNT(*) FROM inbox") == 0, "inbox drained after restart");

            var stored = StoredSequences(db);
            var missing = acknowledged.Where(seq => !stored.ContainsKey(seq)).Order().ToList();
            Assert.True(missing.Count == 0, $"acknowledged but lost: {string.Join(", ", missing.Take(20))}");
            Assert.All(stored, pair => Assert.Equal(1, pair.Value));
            Assert.Equal(TestDatabase.Scalar(db, "SELECT COUNT(*) FROM alerts"), TestDatabase.Scalar(db, "SELECT COUNT(*) FROM alert_occurrences"));

            // The outbox between dedupe and routing: what dedupe committed before the kill is routed after it, once.
            await Eventually.True(() => TestDatabase.Scalar(db, "SELECT COUNT(*) FROM outbox") == 0
                && TestDatabase.Scalar(db, "SELECT COUNT(*) FROM alerts WHERE Urgency IS NULL") == 0, "every alert routed after restart");
            Assert.Equal(TestDatabase.Scalar(db, "SELECT COUNT(*) FROM alerts"), TestDatabase.Scalar(db, "SELECT COUNT(*) FROM alert_routes"));
        }
        SqliteConnection.ClearAllPools();
        Directory.Delete(dataDir, recursive: true);
    }

    private static async Task<bool> TryPostAsync(HttpClient http, Uri baseAddress, int seq)
    {
        var body = Payloads.AlertmanagerWebhook("firing", $"crash-{seq}",
            (new Dictionary<string, string> { ["alertname"] = "CrashProbe", ["instance"] = "probe", ["seq"] = seq.ToString() }, T0, null));
        try
        {
            var response = await http.PostAsync(new Uri(baseAddress, "/webhooks/alertmanager"), Payloads.Json(body));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>seq label → how many deliveries the alert carrying it has in the history.</summary>
    private static Dictionary<int, long> StoredSequences(string db)
    {
        using var connection = TestDatabase.Open(db);
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT json_extract(a.LabelsJson, '$.seq'), COUNT(o.Id) FROM alerts a JOIN alert_occurrences o ON o.AlertId = a.Id GROUP BY a.Id";
        using var reader = query.ExecuteReader();
        var result = new Dictionary<int, long>();
        while (reader.Read()) result[int.Parse(reader.GetString(0))] = reader.GetInt64(1);
        return result;
    }
}
