using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OpsBot.Storage;

/// <summary>
/// EF Core's connections commit with synchronous=NORMAL: in write-ahead-log mode a commit survives the process
/// being killed, and only an OS crash or power cut can lose the last few. That is safe here because every stage is
/// replayed from what stays durable: accepted alerts are fsynced by the inbox (synchronous=FULL) and leave it only in
/// dedupe's transaction, and each later stage's input stays in the outbox until that stage's own commit. Not so for
/// silences created or expired through the API: an OS crash right after the answer can lose the last of those.
/// Without this, one fsync per routed alert and per notification made the stages queue behind the disk.
/// </summary>
public sealed class SqliteSynchronousNormal : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string Pragma = "PRAGMA synchronous=NORMAL;";

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }
}
