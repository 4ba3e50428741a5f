using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OpsBot.Storage.Providers;

public static class StorageRegistration
{
    private static readonly SqliteSynchronousNormal SynchronousNormal = new();

    /// <summary>Registers <see cref="OpsBotDbContext"/> backed by the configured provider's context type.</summary>
    public static IServiceCollection AddOpsBotDbContext(this IServiceCollection services, StorageProvider provider) => provider switch
    {
        StorageProvider.Postgres => services.AddDbContext<OpsBotDbContext, PostgresOpsBotDbContext>((sp, options) =>
            Configure(options, sp.GetRequiredService<IOptions<StorageOptions>>().Value, provider)),
        _ => services.AddDbContext<OpsBotDbContext, SqliteOpsBotDbContext>((sp, options) =>
            Configure(options, sp.GetRequiredService<IOptions<StorageOptions>>().Value, provider)),
    };

    /// <summary>Options for a context made outside dependency injection (the migrate verb).</summary>
    public static OpsBotDbContext Create(StorageOptions storage)
    {
        if (storage.Kind == StorageProvider.Postgres)
        {
            var postgres = new DbContextOptionsBuilder<PostgresOpsBotDbContext>();
            Configure(postgres, storage, StorageProvider.Postgres);
            return new PostgresOpsBotDbContext(postgres.Options);
        }
        var sqlite = new DbContextOptionsBuilder<SqliteOpsBotDbContext>();
        Configure(sqlite, storage, StorageProvider.Sqlite);
        return new SqliteOpsBotDbContext(sqlite.Options);
    }

    private static void Configure(DbContextOptionsBuilder options, StorageOptions storage, StorageProvider provider)
    {
        if (provider == StorageProvider.Postgres)
            // No retrying execution strategy: stages run their own transactions, and a stage that fails on a lost
            // connection is retried whole by the bus (its input stays in the outbox until its commit).
            options.UseNpgsql(storage.ConnectionString);
        else
            options.UseSqlite(storage.SqliteConnectionString).AddInterceptors(SynchronousNormal);
        // The migrations carry their schema as SQL, not as a model snapshot, so EF cannot compare models; the schema
        // check in StorageSetup compares the database with the model instead.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.ModelSnapshotNotFound, RelationalEventId.PendingModelChangesWarning));
    }
}
