using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using OpsBot.Contracts;
using OpsBot.Storage;

namespace OpsBot.Ingest.Durable;

/// <summary>Reads accepted events back from the inbox table.</summary>
public sealed class InboxReader(StorageOptions storage) : IDisposable
{
    private readonly SqliteConnection _connection = StorageSetup.OpenSqlite(storage, synchronous: "NORMAL");

    public List<(long Seq, AlertReceived Event)> ReadFrom(long fromSeq, int limit, ILogger logger) =>
        Read("SELECT seq, payload FROM inbox WHERE seq >= $a ORDER BY seq LIMIT $limit", fromSeq, 0, limit, logger);

    public List<(long Seq, AlertReceived Event)> ReadStale(DateTimeOffset acceptedBefore, int limit, ILogger logger) =>
        Read("SELECT seq, payload FROM inbox WHERE accepted_at_ms < $a ORDER BY seq LIMIT $limit",
            acceptedBefore.ToUnixTimeMilliseconds(), 0, limit, logger);

    public bool AnyFrom(long fromSeq)
    {
        using var query = _connection.CreateCommand();
        query.CommandText = "SELECT EXISTS(SELECT 1 FROM inbox WHERE seq >= $a)";
        query.Parameters.AddWithValue("$a", fromSeq);
        return Convert.ToInt64(query.ExecuteScalar()) == 1;
    }

    public void PurgeDeliveryIds(DateTimeOffset olderThan)
    {
        using var delete = _connection.CreateCommand();
        delete.CommandText = "DELETE FROM webhook_deliveries WHERE received_at_ms < $before";
        delete.Parameters.AddWithValue("$before", olderThan.ToUnixTimeMilliseconds());
        delete.ExecuteNonQuery();
    }

    private List<(long, AlertReceived)> Read(string sql, long a, long b, int limit, ILogger logger)
    {
        using var query = _connection.CreateCommand();
        query.CommandText = sql;
        query.Parameters.AddWithValue("$a", a);
        query.Parameters.AddWithValue("$b", b);
        query.Parameters.AddWithValue("$limit", limit);
        using var reader = query.ExecuteReader();
        var page = new List<(long, AlertReceived)>();
        while (reader.Read())
        {
            var seq = reader.GetInt64(0);
            var message = JsonSerializer.Deserialize<AlertReceived>(reader.GetString(1));
            if (message is null) logger.LogError("Inbox row {Seq} holds no event; left in place for inspection", seq);
            else page.Add((seq, message));
        }
        return page;
    }

    public void Dispose() => _connection.Dispose();
}
