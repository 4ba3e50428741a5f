using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsBot.Hosting.Verbs;
using OpsBot.Storage;
using OpsBot.Storage.Providers;

namespace OpsBot.Tests.Storage;

/// <summary>The embedded store's migrations and start-up checks on a real SQLite file.</summary>
public sealed class SqliteStorageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("opsbot-sqlite-").FullName;
    private string DbPath => Path.Combine(_dir, "opsbot.db");

    [Fact]
    public async Task Migrate_creates_the_file_and_then_says_it_is_up_to_date()
    {
        var (code, output) = Migrate();
        Assert.Equal(0, code);
        Assert.Contains("applied 20261122060000_Initial", output);
        Assert.Contains("is up to date (1 migration(s))", Migrate().Output);

        await using var db = StorageRegistration.Create(Options());
        Assert.Empty(await SchemaCheck.FindMissingAsync(db, CancellationToken.None));
    }

    [Fact]
    public async Task A_file_made_before_migrations_is_refused_with_what_to_do()
    {
        using (var connection = new SqliteConnection($"Data Source={DbPath}"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE alerts (Id INTEGER PRIMARY KEY)";
            create.ExecuteNonQuery();
        }
        var refused = await Assert.ThrowsAsync<OutdatedDatabaseException>(() => Services().InitializeStorageAsync());
        Assert.Contains("from before migrations", refused.Message);
        Assert.Contains("move the file away", refused.Message);
    }

    [Fact]
    public async Task A_column_the_model_has_and_the_database_lacks_stops_the_start_with_its_name()
    {
        Assert.Equal(0, Migrate().Code);
        using (var connection = new SqliteConnection($"Data Source={DbPath}"))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "ALTER TABLE leases DROP COLUMN holder";
            drop.ExecuteNonQuery();
        }
        var refused = await Assert.ThrowsAsync<OutdatedDatabaseException>(() => Services().InitializeStorageAsync());
        Assert.Contains("column leases.holder", refused.Message);
        Assert.Contains("a model change has no migration", refused.Message);
    }

    private StorageOptions Options() => new() { SqlitePath = DbPath };

    private ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IOptions<StorageOptions>>(Microsoft.Extensions.Options.Options.Create(Options()));
        services.AddOpsBotDbContext(StorageProvider.Sqlite);
        return services.BuildServiceProvider();
    }

    private (int Code, string Output) Migrate()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:SqlitePath"] = DbPath }).Build();
        var output = new StringWriter();
        var code = MigrateVerb.Run(configuration, ["migrate"], output, new StringWriter());
        return (code, output.ToString());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
