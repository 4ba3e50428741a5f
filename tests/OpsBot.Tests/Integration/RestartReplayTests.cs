using System.Text.Json;
using OpsBot.Alerts;
using OpsBot.Contracts;

namespace OpsBot.Tests.Integration;

/// <summary>Events accepted but not yet through dedupe when the host stopped are processed after it starts again, once.</summary>
public sealed class RestartReplayTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Inbox_rows_left_by_a_stop_are_replayed_at_start_and_committed_once()
    {
        var dataDir = Directory.CreateTempSubdirectory("opsbot-restart-").FullName;
        Guid committedEvent;
        await using (var first = new OpsBotFactory(dataDir: dataDir))
        {
            var client = await first.StartAsync();
            await client.PostAsync("/webhooks/alertmanager", Payloads.Json(
                Payloads.AlertmanagerWebhook("firing", "g", (Payloads.Labels("Seen", "web-1"), T0, null))));
            await Eventually.True(() => first.Scalar("SELECT COUNT(*) FROM alert_occurrences") == 1, "first alert through dedupe");
            committedEvent = Guid.Parse(TestDatabase.Text(first.DatabasePath, "SELECT EventId FROM alert_occurrences"));
        }

        // As if the process died after accepting these and before dedupe committed them; the first one was in fact
        // committed already (a relay can publish an event twice), so it must not count again.
        var alreadyCommitted = new AlertReceived(committedEvent, Alert("Seen", "web-1"));
        var pending = Enumerable.Range(1, 3).Select(i => new AlertReceived(Guid.NewGuid(), Alert("Pending", $"db-{i}"))).ToList();
        InsertInbox(Path.Combine(dataDir, "opsbot.db"), pending.Prepend(alreadyCommitted));

        await using var second = new OpsBotFactory(dataDir: dataDir);
        await second.StartAsync();
        await Eventually.True(() => second.Scalar("SELECT COUNT(*) FROM inbox") == 0, "inbox drained");

        Assert.Equal(4, second.Scalar("SELECT COUNT(*) FROM alerts"));
        Assert.Equal(4, second.Scalar("SELECT COUNT(*) FROM alert_occurrences"));
        Assert.Equal(1, second.Scalar("SELECT DeliveryCount FROM alerts WHERE AlertName = 'Seen'"));
        Assert.Equal(3, second.Scalar("SELECT COUNT(*) FROM alerts WHERE AlertName = 'Pending' AND Status = 'Firing'"));
        second.DeleteData();
    }

    private static Alert Alert(string name, string instance)
    {
        var labels = Payloads.Labels(name, instance);
        return new Alert
        {
            Fingerprint = LabelFingerprint.Compute(labels),
            Source = AlertSource.Alertmanager,
            Status = AlertSignal.Firing,
            Labels = labels,
            Severity = Severity.Critical,
            Summary = name,
            StartsAt = T0,
            ReceivedAt = T0.AddSeconds(1),
        };
    }

    private static void InsertInbox(string databasePath, IEnumerable<AlertReceived> events)
    {
        using var connection = TestDatabase.Open(databasePath);
        foreach (var e in events)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO inbox(event_id, accepted_at_ms, payload) VALUES ($id, 0, $payload)";
            insert.Parameters.AddWithValue("$id", e.EventId.ToString("D"));
            insert.Parameters.AddWithValue("$payload", JsonSerializer.Serialize(e));
            insert.ExecuteNonQuery();
        }
    }
}
