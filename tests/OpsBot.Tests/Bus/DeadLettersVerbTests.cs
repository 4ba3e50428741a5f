using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using OpsBot.Hosting.Verbs;
using OpsBot.Tests.Integration;
using OpsBot.Tests.Support;
using RabbitMQ.Client;
using Xunit.Abstractions;

namespace OpsBot.Tests.Bus;

/// <summary>
/// The dead-letters verb against a real RabbitMQ node: each test has its own virtual host with opsbot-route and
/// opsbot-route_error declared as MassTransit declares them, and messages put into the _error queue the way
/// MassTransit's error transport leaves them (the envelope as body, the fault in MT-Fault-* headers).
/// </summary>
[Collection(RabbitMqCollection.Name)]
public sealed class DeadLettersVerbTests(RabbitMqFixture fixture, ITestOutputHelper log) : IDisposable
{
    private const string Route = "opsbot-route";
    private const string RouteError = "opsbot-route_error";
    private const string FaultMessage = "Route store unavailable (attempt 10)";

    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        log.WriteLine($"output:\n{_output}\nerror:\n{_error}");
        _output.Dispose();
        _error.Dispose();
    }

    [Fact]
    public async Task List_CountsErrorAndSkippedQueuesAndMissingOnesAsZero()
    {
        var vhost = await VirtualHostWithRouteQueuesAsync();
        await DeadLetterAsync(vhost, RouteError, 3);
        await DeclareAsync(vhost, "opsbot-notify_skipped", quorum: false);
        await DeadLetterAsync(vhost, "opsbot-notify_skipped", 1);

        Assert.Equal(0, Run(vhost, "dead-letters"));
        Assert.Equal("", _error.ToString());
        var output = _output.ToString();
        Assert.Matches(Row("opsbot-route", 3, 0), output);
        Assert.Matches(Row("opsbot-notify", 0, 1), output);
        foreach (var queue in new[] { "opsbot-dedupe", "opsbot-enrich", "opsbot-remediate" })
            Assert.Matches(Row(queue, 0, 0), output);

        _output.GetStringBuilder().Clear();
        Assert.Equal(0, Run(vhost, "dead-letters", "list"));
        Assert.Matches(Row("opsbot-route", 3, 0), _output.ToString());
    }

    [Fact]
    public async Task Show_PrintsTheFaultOfTheFirstMessagesAndLeavesThemInTheQueue()
    {
        var vhost = await VirtualHostWithRouteQueuesAsync();
        var ids = await DeadLetterAsync(vhost, RouteError, 3);

        Assert.Equal(0, Run(vhost, "dead-letters", "show", Route, "--limit", "2"));

        Assert.Equal("", _error.ToString());
        var output = _output.ToString();
        Assert.Contains($"{RouteError} holds 3 message(s)", output);
        Assert.Contains($"message id {ids[0]}", output);
        Assert.Contains($"message id {ids[1]}", output);
        Assert.DoesNotContain(ids[2], output);
        Assert.Contains("type: urn:message:OpsBot.Routing:RouteRequested", output);
        Assert.Contains("MT-Reason: fault", output);
        Assert.Contains($"MT-Fault-Message: {FaultMessage}", output);
        Assert.Contains("MT-Fault-ExceptionType: System.InvalidOperationException", output);
        Assert.Contains("MT-Fault-Timestamp: 2025-06-01T10:00:00Z", output);
        Assert.Contains("body: {\"messageId\"", output);
        Assert.DoesNotContain("at OpsBot.Routing", output); // the stack trace is not printed
        Assert.Equal(3u, await CountAsync(vhost, RouteError));

        _output.GetStringBuilder().Clear();
        Assert.Equal(0, Run(vhost, "dead-letters", "show", Route));
        Assert.Contains($"message id {ids[2]}", _output.ToString()); // all three, still in order
        Assert.Equal(3u, await CountAsync(vhost, RouteError));
    }

    [Fact]
    public async Task Replay_MovesMessagesBackToTheirQueueWithoutTheFaultHeaders()
    {
        var vhost = await VirtualHostWithRouteQueuesAsync();
        var ids = await DeadLetterAsync(vhost, RouteError, 3);

        Assert.Equal(0, Run(vhost, "dead-letters", "replay", Route, "--limit", "2"));

        Assert.Equal("", _error.ToString());
        Assert.Contains($"moved 2 message(s) from {RouteError} to {Route}; 1 left", _output.ToString());
        Assert.Equal(1u, await CountAsync(vhost, RouteError));
        Assert.Equal(2u, await CountAsync(vhost, Route));

        await using (var connection = await fixture.Server.ConnectionFactory(vhost).CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            var replayed = await channel.BasicGetAsync(Route, autoAck: false);
            Assert.NotNull(replayed);
            Assert.Equal(ids[0], replayed.BasicProperties.MessageId);
            Assert.Equal("application/vnd.masstransit+json", replayed.BasicProperties.ContentType);
            Assert.True(replayed.BasicProperties.Persistent);
            Assert.Equal(Envelope(ids[0]), Encoding.UTF8.GetString(replayed.Body.Span));
            var headers = replayed.BasicProperties.Headers!;
            Assert.DoesNotContain(headers.Keys, k => k.StartsWith("MT-Fault-", StringComparison.Ordinal) || k == "MT-Reason");
            Assert.Equal("replica-1", Encoding.UTF8.GetString((byte[])headers["MT-Host-MachineName"]!));
            await channel.BasicNackAsync(replayed.DeliveryTag, multiple: false, requeue: true);
        }

        _output.GetStringBuilder().Clear();
        Assert.Equal(0, Run(vhost, "dead-letters", "replay", Route));
        Assert.Contains($"moved 1 message(s) from {RouteError} to {Route}; 0 left", _output.ToString());
        Assert.Equal(0u, await CountAsync(vhost, RouteError));
        Assert.Equal(3u, await CountAsync(vhost, Route));
    }

    [Fact]
    public async Task Replay_WithoutAnErrorQueueMovesNothing()
    {
        var vhost = await fixture.Server.CreateVirtualHostAsync();
        await DeclareAsync(vhost, Route, quorum: true);

        Assert.Equal(0, Run(vhost, "dead-letters", "replay", Route));
        Assert.Contains("moved 0 message(s)", _output.ToString());
        Assert.Equal(0, Run(vhost, "dead-letters", "show", Route));
        Assert.Contains($"{RouteError} is empty (it does not exist)", _output.ToString());
    }

    [Theory]
    [InlineData("show", "opsbot-unknown")]
    [InlineData("replay", "opsbot-route_error")]
    [InlineData("replay", "amq.rabbitmq.trace")]
    public async Task UnknownQueue_IsRefused(string action, string queue)
    {
        var vhost = await VirtualHostWithRouteQueuesAsync();
        await DeadLetterAsync(vhost, RouteError, 1);

        Assert.Equal(1, Run(vhost, "dead-letters", action, queue));

        Assert.Contains($"'{queue}' is not an OpsBot queue", _error.ToString());
        Assert.Contains("opsbot-dedupe, opsbot-route, opsbot-notify, opsbot-enrich, opsbot-remediate", _error.ToString());
        Assert.Equal("", _output.ToString());
        Assert.Equal(1u, await CountAsync(vhost, RouteError));
    }

    [Fact]
    public void UnreachableBroker_ExitsWithOneAndAMessage()
    {
        var port = HostProcess.FreePort(); // nothing listens there
        var exit = DeadLettersVerb.Run(Configuration("/", port), ["dead-letters", "list"], _output, _error);

        Assert.Equal(1, exit);
        Assert.Contains($"cannot reach RabbitMQ at {RabbitMqServer.Host}:{port}", _error.ToString());
        Assert.Equal("", _output.ToString());
    }

    [Fact]
    public void InMemoryTransport_ExitsWithOneAndAMessage()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Bus:Transport"] = "InMemory" }).Build();

        Assert.Equal(1, DeadLettersVerb.Run(configuration, ["dead-letters"], _output, _error));
        Assert.Contains("Bus:Transport is InMemory", _error.ToString());
    }

    [Theory]
    [InlineData("purge")]
    [InlineData("show")]
    [InlineData("show", "opsbot-route", "--limit", "0")]
    [InlineData("replay", "opsbot-route", "--limit")]
    public void BadArguments_ExitWithOneAndTheUsage(params string[] args)
    {
        Assert.Equal(1, DeadLettersVerb.Run(Configuration("/", 5672), ["dead-letters", .. args], _output, _error));
        Assert.Contains(DeadLettersVerb.Usage, _error.ToString());
    }

    private int Run(string vhost, params string[] args) =>
        DeadLettersVerb.Run(Configuration(vhost, fixture.Server.AmqpPort), args, _output, _error);

    private static IConfiguration Configuration(string vhost, int port) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bus:Transport"] = "RabbitMq",
            ["Bus:RabbitMq:Host"] = RabbitMqServer.Host,
            ["Bus:RabbitMq:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Bus:RabbitMq:VirtualHost"] = vhost,
            ["Bus:RabbitMq:Username"] = RabbitMqServer.Username,
            ["Bus:RabbitMq:Password"] = RabbitMqServer.Password,
        })
        .Build();

    private static Regex Row(string queue, int errors, int skipped) => new($@"(?m)^{Regex.Escape(queue)}\s+{errors}\s+{skipped}\s*$");

    private static string Envelope(string id) =>
        $$$"""{"messageId":"{{{id}}}","messageType":["urn:message:OpsBot.Routing:RouteRequested"],"message":{"eventId":"evt-{{{id[..8]}}}"}}""";

    /// <summary>A fresh virtual host with opsbot-route (quorum) and opsbot-route_error (classic), both durable.</summary>
    private async Task<string> VirtualHostWithRouteQueuesAsync()
    {
        var vhost = await fixture.Server.CreateVirtualHostAsync();
        await DeclareAsync(vhost, Route, quorum: true);
        await DeclareAsync(vhost, RouteError, quorum: false);
        return vhost;
    }

    private async Task DeclareAsync(string vhost, string queue, bool quorum)
    {
        await using var connection = await fixture.Server.ConnectionFactory(vhost).CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: quorum ? new Dictionary<string, object?> { ["x-queue-type"] = "quorum" } : null);
    }

    /// <summary>Publishes <paramref name="count"/> faulted messages to <paramref name="queue"/> (confirmed) and returns their ids in order.</summary>
    private async Task<string[]> DeadLetterAsync(string vhost, string queue, int count)
    {
        await using var connection = await fixture.Server.ConnectionFactory(vhost).CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString()).ToArray();
        foreach (var id in ids)
        {
            var properties = new BasicProperties
            {
                MessageId = id,
                ContentType = "application/vnd.masstransit+json",
                Persistent = true,
                Headers = new Dictionary<string, object?>
                {
                    ["MT-Reason"] = "fault",
                    ["MT-Fault-ExceptionType"] = "System.InvalidOperationException",
                    ["MT-Fault-Message"] = FaultMessage,
                    ["MT-Fault-Timestamp"] = "2025-06-01T10:00:00Z",
                    ["MT-Fault-StackTrace"] = "   at OpsBot.Routing.RouteConsumer.Consume(...)",
                    ["MT-Fault-ConsumerType"] = "OpsBot.Routing.RouteConsumer",
                    ["MT-Fault-RetryCount"] = 10,
                    ["MT-Host-MachineName"] = "replica-1",
                },
            };
            await channel.BasicPublishAsync("", queue, mandatory: true, properties, Encoding.UTF8.GetBytes(Envelope(id)));
        }
        return ids;
    }

    private async Task<uint> CountAsync(string vhost, string queue)
    {
        await using var connection = await fixture.Server.ConnectionFactory(vhost).CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }
}
