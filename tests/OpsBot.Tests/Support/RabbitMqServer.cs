using System.Diagnostics;
using System.Text.Json;
using OpsBot.Tests.Integration;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace OpsBot.Tests.Support;

/// <summary>
/// A private RabbitMQ node (Debian's rabbitmq-server) for a test: its own node name, AMQP, distribution and epmd ports,
/// all on 127.0.0.1; its own Mnesia directory, configuration and Erlang cookie (HOME is its temp directory); no plugins,
/// which keeps start-up short. Guest may log in from loopback, as by default. Each test asks for a virtual host of its own
/// with <see cref="CreateVirtualHostAsync"/>; <see cref="StopAsync"/> and <see cref="StartAsync"/> stop and start the
/// whole node on the same ports, messages in durable queues kept, for restart fault tests.
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    public const string BinDirectory = "/usr/lib/rabbitmq/bin";
    public const string Host = "127.0.0.1";
    public const string Username = "guest";
    public const string Password = "guest";

    private const int StartAttempts = 3;
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory;
    private readonly Dictionary<string, string> _environment = [];
    private ServiceProcess? _node;
    private bool _disposed;

    private RabbitMqServer(string directory)
    {
        _directory = directory;
        NodeName = $"opsbot-{Guid.NewGuid().ToString("N")[..10]}@localhost";
        // The wrapper in /usr/sbin switches to the rabbitmq user when run as root, and that loses the environment.
        // An empty env file keeps /etc/rabbitmq/rabbitmq-env.conf out; the missing advanced.config keeps /etc's out.
        File.WriteAllText(Path.Combine(directory, "rabbitmq-env.conf"), "");
        File.WriteAllText(Path.Combine(directory, "enabled_plugins"), "[].\n");
        File.WriteAllText(Path.Combine(directory, "rabbitmq.conf"), "loopback_users.guest = true\n");
        AssignPorts();
    }

    public string NodeName { get; }

    public int AmqpPort { get; private set; }

    public int DistributionPort { get; private set; }

    public int EpmdPort { get; private set; }

    /// <summary>The last lines the node logged (it logs to stdout), for failure messages.</summary>
    public string Log => _node?.Log ?? "";

    /// <summary>Starts a new node and waits until it accepts AMQP connections; taken ports are retried with new ones.</summary>
    public static async Task<RabbitMqServer> StartNewAsync()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "rabbitmq-server")))
            throw new InvalidOperationException($"{BinDirectory}/rabbitmq-server is missing: these tests run a real RabbitMQ; install it with 'apt-get install rabbitmq-server'");
        var server = new RabbitMqServer(Directory.CreateTempSubdirectory("opsbot-rabbitmq-").FullName);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await server.StartAsync();
                    return server;
                }
                catch (Exception) when (attempt < StartAttempts && server.Log.Contains("eaddrinuse", StringComparison.OrdinalIgnoreCase))
                {
                    await server.KillNodeAsync();
                    server.AssignPorts();
                }
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection factory for <paramref name="virtualHost"/> as guest.</summary>
    public ConnectionFactory ConnectionFactory(string virtualHost = "/") => new()
    {
        HostName = Host,
        Port = AmqpPort,
        VirtualHost = virtualHost,
        UserName = Username,
        Password = Password,
        RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
        AutomaticRecoveryEnabled = false,
    };

    /// <summary>Creates a fresh, uniquely named virtual host, guest allowed everything in it, and returns its name.</summary>
    public async Task<string> CreateVirtualHostAsync()
    {
        var name = "t-" + Guid.NewGuid().ToString("N");
        await CtlAsync("add_vhost", name);
        await CtlAsync("set_permissions", "-p", name, Username, ".*", ".*", ".*");
        return name;
    }

    /// <summary>
    /// The queues of <paramref name="virtualHost"/>: name, ready and unacknowledged messages, and type (classic, quorum,
    /// stream). Right after a start a quorum queue reports 0 messages until its leader is elected: poll, do not read once.
    /// </summary>
    public async Task<IReadOnlyList<RabbitMqQueue>> ListQueuesAsync(string virtualHost)
    {
        var json = await CtlAsync("list_queues", "-q", "-p", virtualHost, "name", "messages", "type", "--formatter", "json");
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(queue => new RabbitMqQueue(
            queue.GetProperty("name").GetString() ?? "",
            queue.GetProperty("messages").ValueKind == JsonValueKind.Number ? queue.GetProperty("messages").GetInt64() : 0,
            queue.GetProperty("type").GetString() ?? ""))];
    }

    /// <summary>Starts the node (again) on the same ports and waits until an AMQP connection opens.</summary>
    public async Task StartAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_node is not null) throw new InvalidOperationException("the node is running");
        // /usr/bin/env carries the node's environment: ServiceProcess starts a binary with arguments only.
        _node = ServiceProcess.Start("RabbitMQ", "/usr/bin/env",
            [.. _environment.Select(e => $"{e.Key}={e.Value}"), Path.Combine(BinDirectory, "rabbitmq-server")]);
        var factory = ConnectionFactory();
        await _node.WaitUntilAsync(async () =>
        {
            try
            {
                await using var connection = await factory.CreateConnectionAsync();
                return connection.IsOpen;
            }
            catch (BrokerUnreachableException)
            {
                return false;
            }
        }, "RabbitMQ accepts AMQP connections", ReadyDeadline);
    }

    /// <summary>Stops the whole node cleanly (rabbitmqctl shutdown); durable queues and their messages survive.</summary>
    public async Task StopAsync()
    {
        if (_node is null) return;
        await CtlAsync("shutdown");
        await _node.DisposeAsync();
        _node = null;
    }

    /// <summary>The node is killed (no clean shutdown), its epmd too, and the directory goes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await KillNodeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory must not fail a test that passed; the OS cleans /tmp.
        }
    }

    private async Task KillNodeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
            _node = null;
        }
        // The node started an epmd daemon of its own on EpmdPort; only that one is asked to go.
        try
        {
            await ServerCommand.RunAsync("/usr/bin/epmd", ["-kill"], _environment, TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // No epmd was running on that port.
        }
    }

    private void AssignPorts()
    {
        AmqpPort = HostProcess.FreePort();
        DistributionPort = HostProcess.FreePort();
        EpmdPort = HostProcess.FreePort();
        _environment.Clear();
        _environment["HOME"] = _directory; // the Erlang cookie is made here, private to this node
        _environment["RABBITMQ_NODENAME"] = NodeName;
        _environment["RABBITMQ_NODE_IP_ADDRESS"] = Host;
        _environment["RABBITMQ_NODE_PORT"] = Port(AmqpPort);
        _environment["RABBITMQ_DIST_PORT"] = Port(DistributionPort);
        _environment["ERL_EPMD_PORT"] = Port(EpmdPort);
        _environment["ERL_EPMD_ADDRESS"] = Host;
        _environment["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}";
        _environment["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(_directory, "rabbitmq-env.conf");
        _environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(_directory, "rabbitmq.conf");
        _environment["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(_directory, "advanced.config");
        _environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_directory, "enabled_plugins");
        _environment["RABBITMQ_PLUGINS_EXPAND_DIR"] = Path.Combine(_directory, "plugins-expand");
        _environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(_directory, "mnesia");
        _environment["RABBITMQ_LOG_BASE"] = Path.Combine(_directory, "log");
        _environment["RABBITMQ_PID_FILE"] = Path.Combine(_directory, "rabbitmq.pid");
        _environment["RABBITMQ_LOGS"] = "-"; // to stdout, where ServiceProcess keeps the tail for failure messages
    }

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private Task<string> CtlAsync(params string[] arguments) =>
        ServerCommand.RunAsync(Path.Combine(BinDirectory, "rabbitmqctl"), ["-n", NodeName, .. arguments], _environment, CommandTimeout, _directory);
}

/// <summary>One queue as rabbitmqctl list_queues reports it.</summary>
public sealed record RabbitMqQueue(string Name, long Messages, string Type);

/// <summary>One RabbitMQ node shared by the test classes of <see cref="RabbitMqCollection"/>; each test makes its own virtual host.</summary>
public sealed class RabbitMqFixture : IAsyncLifetime
{
    private RabbitMqServer? _server;

    public RabbitMqServer Server => _server ?? throw new InvalidOperationException("the fixture has not started");

    /// <summary>How long the node took to start.</summary>
    public TimeSpan StartedIn { get; private set; }

    public async Task InitializeAsync()
    {
        var watch = Stopwatch.StartNew();
        _server = await RabbitMqServer.StartNewAsync();
        StartedIn = watch.Elapsed;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class RabbitMqCollection : ICollectionFixture<RabbitMqFixture>
{
    public const string Name = "RabbitMQ node";
}
