using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OpsBot.Storage;

public static class StorageSetup
{
    /// <summary>Creates the database and schema if missing, and switches SQLite to write-ahead logging.</summary>
    public static async Task InitializeStorageAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var folder = Path.GetDirectoryName(Path.GetFullPath(options.SqlitePath));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OpsBotDbContext>();
        await db.Database.EnsureCreatedAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }

    public static SqliteConnection OpenSqlite(StorageOptions options, string synchronous)
    {
        var connection = new SqliteConnection(options.SqliteConnectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
