using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OpsBot.Storage;

public static class StorageSetup
{
    /// <summary>
    /// SQLite: creates the file, applies pending migrations and switches to write-ahead logging. PostgreSQL: applies
    /// pending migrations only with Storage:MigrateAtStart, and otherwise refuses to start on an unmigrated database.
    /// Both then check that the database has every table and column the model needs.
    /// </summary>
    public static async Task InitializeStorageAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OpsBotDbContext>();
        if (options.Kind == StorageProvider.Sqlite)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(options.SqlitePath));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            await MigrateAsync(db, options, ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        else if (options.MigrateAtStart) await MigrateAsync(db, options, ct);
        else
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
                throw new OutdatedDatabaseException(
                    $"The database lacks {pending.Count} migration(s) ({string.Join(", ", pending)}): run 'OpsBot.Host migrate' once, or set Storage:MigrateAtStart=true.");
        }
        await SchemaCheck.RequireCurrentAsync(db, Describe(options), ct);
    }

    /// <summary>Applies pending migrations; returns their names. Replicas migrating at once wait for each other (EF's migration lock).</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(OpsBotDbContext db, StorageOptions options, CancellationToken ct)
    {
        await RefuseUnversionedAsync(db, options, ct);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0) await db.Database.MigrateAsync(ct);
        return pending;
    }

    public static string Describe(StorageOptions options) => options.Kind == StorageProvider.Sqlite
        ? options.SqlitePath
        : "the PostgreSQL database";

    /// <summary>
    /// A SQLite file made by an OpsBot from before migrations has the tables but no migration history, and migrating
    /// it would fail on the first CREATE TABLE. Say what to do instead.
    /// </summary>
    private static async Task RefuseUnversionedAsync(OpsBotDbContext db, StorageOptions options, CancellationToken ct)
    {
        if (options.Kind != StorageProvider.Sqlite || !File.Exists(Path.GetFullPath(options.SqlitePath))) return;
        var tables = await db.Database.SqlQuery<string>(
            $"SELECT name AS Value FROM sqlite_master WHERE type = 'table' AND name IN ('alerts', '__EFMigrationsHistory')").ToListAsync(ct);
        if (tables.Contains("alerts") && !tables.Contains("__EFMigrationsHistory"))
            throw new OutdatedDatabaseException(
                $"{options.SqlitePath} was made by an OpsBot from before migrations and cannot be upgraded: move the file away and start again.");
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

public sealed class OutdatedDatabaseException(string message) : Exception(message);
