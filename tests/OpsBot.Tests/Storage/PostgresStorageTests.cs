using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsBot.Chat.Inbound;
using OpsBot.Hosting.Verbs;
using OpsBot.Storage;
using OpsBot.Storage.Providers;
using OpsBot.Tests.Integration;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Storage;

/// <summary>The PostgreSQL provider on a real server: migrations, the start-up checks, and what replicas share through it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStorageTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Migrate_applies_the_schema_and_the_quartz_store_once_and_then_says_it_is_up_to_date()
    {
        var connection = postgres.Server.ConnectionString(await postgres.Server.CreateDatabaseAsync());
        var (code, output, error) = Migrate(connection);
        Assert.True(code == 0, error);
        Assert.Contains("applied 20261122060000_Initial, 20261122060100_QuartzStore", output);

        (code, output, _) = Migrate(connection);
        Assert.Equal(0, code);
        Assert.Contains("is up to date (2 migration(s))", output);
        (_, output, _) = Migrate(connection, "--list");
        Assert.Contains("applied  20261122060100_QuartzStore", output);

        await using var db = Context(connection);
        Assert.Empty(await SchemaCheck.FindMissingAsync(db, CancellationToken.None));
        var quartzTables = await db.Database.SqlQuery<string>(
            $"SELECT table_name::text AS \"Value\" FROM information_schema.tables WHERE table_name LIKE 'qrtz_%'").ToListAsync();
        Assert.Contains("qrtz_triggers", quartzTables);
        Assert.Contains("qrtz_locks", quartzTables);
    }

    [Fact]
    public void Migrate_names_an_unreachable_server_and_exits_1()
    {
        var (code, _, error) = Migrate($"Host=127.0.0.1;Port={HostProcess.FreePort()};Database=x;Username=postgres;Timeout=3");
        Assert.Equal(1, code);
        Assert.StartsWith("migrate: ", error);
    }

    [Fact]
    public async Task A_replica_refuses_to_start_on_an_unmigrated_database_and_migrates_it_when_told_to()
    {
        var connection = postgres.Server.ConnectionString(await postgres.Server.CreateDatabaseAsync());
        var refused = await Assert.ThrowsAsync<OutdatedDatabaseException>(() => Services(connection, migrateAtStart: false).InitializeStorageAsync());
        Assert.Contains("run 'OpsBot.Host migrate' once, or set Storage:MigrateAtStart=true", refused.Message);

        await Services(connection, migrateAtStart: true).InitializeStorageAsync();
        await Services(connection, migrateAtStart: false).InitializeStorageAsync();
    }

    [Fact]
    public async Task A_lease_is_held_by_one_replica_until_it_stops_renewing_it()
    {
        var connection = await MigratedAsync();
        var clock = new ManualClock(DateTimeOffset.Parse("2026-11-23T09:00:00Z"));
        await using var db1 = Context(connection);
        await using var db2 = Context(connection);
        var first = new Leases(db1, new StoreWriteLock(), new ReplicaIdentity(), clock);
        var second = new Leases(db2, new StoreWriteLock(), new ReplicaIdentity(), clock);

        Assert.True(await first.TryHoldAsync("chat-delivery:slack", TimeSpan.FromSeconds(15), CancellationToken.None));
        Assert.False(await second.TryHoldAsync("chat-delivery:slack", TimeSpan.FromSeconds(15), CancellationToken.None));
        Assert.True(await second.TryHoldAsync("chat-delivery:discord", TimeSpan.FromSeconds(15), CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(await first.TryHoldAsync("chat-delivery:slack", TimeSpan.FromSeconds(15), CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(14));
        Assert.False(await second.TryHoldAsync("chat-delivery:slack", TimeSpan.FromSeconds(15), CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await second.TryHoldAsync("chat-delivery:slack", TimeSpan.FromSeconds(15), CancellationToken.None));
        Assert.False(await first.TryHoldAsync("chat-delivery:slack", TimeSpan.FromSeconds(15), CancellationToken.None));
    }

    [Fact]
    public async Task A_signed_chat_request_replayed_to_another_replica_is_refused()
    {
        var connection = await MigratedAsync();
        var clock = new ManualClock(DateTimeOffset.Parse("2026-11-23T09:00:00Z"));
        var replica1 = new ReplayGuard(Services(connection, false).GetRequiredService<IServiceScopeFactory>(), new StoreWriteLock(), clock);
        var replica2 = new ReplayGuard(Services(connection, false).GetRequiredService<IServiceScopeFactory>(), new StoreWriteLock(), clock);

        Assert.True(await replica1.FirstTimeAsync("slack:v0=abc", CancellationToken.None));
        Assert.False(await replica2.FirstTimeAsync("slack:v0=abc", CancellationToken.None));
        Assert.True(await replica2.FirstTimeAsync("slack:v0=def", CancellationToken.None));
        clock.Advance(ReplayGuard.Window + TimeSpan.FromSeconds(1));
        Assert.True(await replica2.FirstTimeAsync("slack:v0=abc", CancellationToken.None));
    }

    [Fact]
    public async Task Two_replicas_updating_one_alert_at_once_cannot_both_win()
    {
        var connection = await MigratedAsync();
        await using (var seed = Context(connection))
        {
            seed.Alerts.Add(new AlertStateRow
            {
                Fingerprint = "fp-1", AlertName = "DiskFull", Summary = "disk", LabelsJson = "{}", AnnotationsJson = "{}", LinksJson = "[]", TransitionsJson = "[]",
            });
            await seed.SaveChangesAsync();
        }
        await using var replica1 = Context(connection);
        await using var replica2 = Context(connection);
        var seen1 = await replica1.Alerts.SingleAsync(a => a.Fingerprint == "fp-1");
        var seen2 = await replica2.Alerts.SingleAsync(a => a.Fingerprint == "fp-1");
        seen1.DeliveryCount++;
        seen2.DeliveryCount++;
        await replica1.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => replica2.SaveChangesAsync());

        await using var check = Context(connection);
        var stored = await check.Alerts.SingleAsync(a => a.Fingerprint == "fp-1");
        Assert.Equal((1, 1), (stored.DeliveryCount, (int)stored.Version));
    }

    private async Task<string> MigratedAsync()
    {
        var connection = postgres.Server.ConnectionString(await postgres.Server.CreateDatabaseAsync());
        var (code, _, error) = Migrate(connection);
        Assert.True(code == 0, error);
        return connection;
    }

    private static PostgresOpsBotDbContext Context(string connection) =>
        (PostgresOpsBotDbContext)StorageRegistration.Create(new StorageOptions { Provider = "Postgres", ConnectionString = connection });

    private static (int Code, string Output, string Error) Migrate(string connection, params string[] extra)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = connection,
        }).Build();
        var output = new StringWriter();
        var error = new StringWriter();
        var code = MigrateVerb.Run(configuration, ["migrate", .. extra], output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static ServiceProvider Services(string connection, bool migrateAtStart)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IOptions<StorageOptions>>(Options.Create(new StorageOptions
        {
            Provider = "Postgres", ConnectionString = connection, MigrateAtStart = migrateAtStart,
        }));
        services.AddOpsBotDbContext(StorageProvider.Postgres);
        return services.BuildServiceProvider();
    }
}
