using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using OpsBot.Storage;
using OpsBot.Storage.Providers;

namespace OpsBot.Hosting.Verbs;

/// <summary>
/// migrate: applies the pending migrations of the configured database and exits (0, or 1 naming what failed).
/// migrate --list shows applied and pending migrations; migrate --script prints the schema the current model wants,
/// the starting point for writing the next migration.
/// </summary>
public static class MigrateVerb
{
    public static int Run(IConfiguration configuration, string[] args, TextWriter output, TextWriter error)
    {
        var storage = StorageOptions.Read(configuration);
        var problems = VerbOptions.Problems(storage);
        if (problems.Count > 0)
        {
            foreach (var problem in problems) error.WriteLine($"migrate: {problem}");
            return 1;
        }
        try
        {
            return RunAsync(storage, args, output).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is OutdatedDatabaseException or System.Data.Common.DbException or InvalidOperationException)
        {
            error.WriteLine($"migrate: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> RunAsync(StorageOptions storage, string[] args, TextWriter output)
    {
        await using var db = StorageRegistration.Create(storage);
        if (args.Contains("--script"))
        {
            output.WriteLine(db.Database.GenerateCreateScript());
            return 0;
        }
        if (storage.Kind == StorageProvider.Sqlite)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(storage.SqlitePath));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
        if (args.Contains("--list"))
        {
            var applied = (await db.Database.GetAppliedMigrationsAsync()).ToHashSet();
            foreach (var migration in db.Database.GetMigrations())
                output.WriteLine($"{(applied.Contains(migration) ? "applied" : "pending")}  {migration}");
            return 0;
        }
        var done = await StorageSetup.MigrateAsync(db, storage, CancellationToken.None);
        await SchemaCheck.RequireCurrentAsync(db, StorageSetup.Describe(storage), CancellationToken.None);
        output.WriteLine(done.Count == 0
            ? $"migrate: {StorageSetup.Describe(storage)} is up to date ({db.Database.GetMigrations().Count()} migration(s))"
            : $"migrate: applied {string.Join(", ", done)} to {StorageSetup.Describe(storage)}");
        return 0;
    }
}
