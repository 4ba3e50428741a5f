using System.Diagnostics;
using System.Text;
using Npgsql;
using OpsBot.Tests.Integration;
using RabbitMQ.Client;
using Xunit.Abstractions;

namespace OpsBot.Tests.Support;

[Collection(PostgresCollection.Name)]
public sealed class StackServersPostgresTests(PostgresFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Databases_are_separate_and_keep_their_data_across_a_restart()
    {
        output.WriteLine($"PostgreSQL initdb and start took {fixture.StartedIn.TotalSeconds:0.0} s");
        var server = fixture.Server;
        var first = await server.CreateDatabaseAsync();
        var second = await server.CreateDatabaseAsync();
        Assert.NotEqual(first, second);

        await ExecuteAsync(first, "CREATE TABLE note (body text NOT NULL); INSERT INTO note VALUES ('kept')");
        await ExecuteAsync(second, "CREATE TABLE other (id int)");

        var watch = Stopwatch.StartNew();
        await server.StopAsync();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(first, "SELECT 1"));
        await server.StartAsync();
        output.WriteLine($"PostgreSQL stop and start took {watch.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal("kept", await ScalarAsync(first, "SELECT body FROM note"));
        Assert.Equal(false, await ScalarAsync(second, "SELECT to_regclass('note') IS NOT NULL"));
        Assert.Equal(true, await ScalarAsync(first, "SELECT to_regclass('other') IS NULL"));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}

[Collection(RabbitMqCollection.Name)]
public sealed class StackServersRabbitMqTests(RabbitMqFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_confirmed_message_in_a_quorum_queue_survives_a_node_restart()
    {
        output.WriteLine($"RabbitMQ node start took {fixture.StartedIn.TotalSeconds:0.0} s");
        var server = fixture.Server;
        var watch = Stopwatch.StartNew();
        var vhost = await server.CreateVirtualHostAsync();
        output.WriteLine($"virtual host created in {watch.Elapsed.TotalSeconds:0.0} s");
        var factory = server.ConnectionFactory(vhost);
        const string queue = "restart-test";

        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
                         publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)))
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
            // With confirmation tracking, the publish returns only once the broker confirmed it (and throws on a nack).
            await channel.BasicPublishAsync("", queue, mandatory: true, new BasicProperties { Persistent = true },
                Encoding.UTF8.GetBytes("survives"));
        }

        watch.Restart();
        await server.StopAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => factory.CreateConnectionAsync());
        await server.StartAsync();
        output.WriteLine($"RabbitMQ node stop and start took {watch.Elapsed.TotalSeconds:0.0} s");

        // A quorum queue reports its messages once its leader is back, a moment after the node accepts connections.
        IReadOnlyList<RabbitMqQueue> queues = [];
        await Eventually.Async(async () => (queues = await server.ListQueuesAsync(vhost)) is [{ Messages: 1 }],
            "the queue reports its message after the restart", TimeSpan.FromSeconds(30));
        Assert.Equal(new RabbitMqQueue(queue, 1, "quorum"), Assert.Single(queues));

        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            var got = await channel.BasicGetAsync(queue, autoAck: true);
            Assert.NotNull(got);
            Assert.Equal("survives", Encoding.UTF8.GetString(got.Body.Span));
        }
    }

    [Fact]
    public async Task Virtual_hosts_are_separate()
    {
        var server = fixture.Server;
        var first = await server.CreateVirtualHostAsync();
        var second = await server.CreateVirtualHostAsync();
        await using (var connection = await server.ConnectionFactory(first).CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
            await channel.QueueDeclareAsync("only-in-first", durable: true, exclusive: false, autoDelete: false);

        Assert.Equal("only-in-first", Assert.Single(await server.ListQueuesAsync(first)).Name);
        Assert.Empty(await server.ListQueuesAsync(second));
    }
}
