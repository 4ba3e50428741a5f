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
        await RequireCurrentSchemaAsync(db, options.SqlitePath, ct);
    }

    /// <summary>
    /// EnsureCreated leaves an existing file alone, so a database made by an older OpsBot would fail later, deep in
    /// a stage. Until there are migrations, say so at start instead.
    /// </summary>
    private static async Task RequireCurrentSchemaAsync(OpsBotDbContext db, string path, CancellationToken ct)
    {
        var missing = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var columns = await db.Database.SqlQuery<string>($"SELECT name AS Value FROM pragma_table_info({table})").ToListAsync(ct);
            if (columns.Count == 0) missing.Add($"table {table}");
            else missing.AddRange(entity.GetProperties().Select(p => p.GetColumnName()).Where(c => !columns.Contains(c)).Select(c => $"column {table}.{c}"));
        }
        if (missing.Count > 0)
            throw new OutdatedDatabaseException(
                $"{path} was made by an older OpsBot (missing {string.Join(", ", missing.Take(5))}). There are no migrations yet: move the file away and start again.");
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
