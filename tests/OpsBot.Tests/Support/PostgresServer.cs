using System.Diagnostics;
using Npgsql;
using OpsBot.Tests.Integration;

namespace OpsBot.Tests.Support;

/// <summary>
/// A private PostgreSQL 15 cluster (Debian's postgresql package) for a test: its own data directory, trust login for
/// user postgres, listening on 127.0.0.1 and a free port only, the unix socket inside the data directory. Each test
/// asks for a database of its own with <see cref="CreateDatabaseAsync"/>; <see cref="StopAsync"/> and
/// <see cref="StartAsync"/> take the server down and back on the same port, data kept, for restart fault tests.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";
    public const string Host = "127.0.0.1";
    public const string Username = "postgres";

    private const int StartAttempts = 3;
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory;
    private bool _disposed;

    private PostgresServer(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; private set; }

    /// <summary>The cluster's data directory (postgresql.conf, the socket, postmaster.pid).</summary>
    public string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>The server's log file, appended to across restarts.</summary>
    public string LogFile => Path.Combine(_directory, "postgres.log");

    /// <summary>A connection string for the maintenance database "postgres"; pooling off, so a restart leaves no dead connections.</summary>
    public string AdminConnectionString => ConnectionString("postgres", pooling: false);

    /// <summary>The last lines of the server's log, for failure messages.</summary>
    public string LogTail => ReadTail(LogFile);

    /// <summary>initdb into a new temp directory and start the server; a port taken before the server bound it is retried.</summary>
    public static async Task<PostgresServer> StartNewAsync()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "postgres")))
            throw new InvalidOperationException($"{BinDirectory}/postgres is missing: these tests run a real PostgreSQL 15; install it with 'apt-get install postgresql'");
        var directory = Directory.CreateTempSubdirectory("opsbot-postgres-").FullName;
        var server = new PostgresServer(directory, HostProcess.FreePort());
        try
        {
            // PostgreSQL refuses to run as root: the cluster belongs to the postgres OS user then.
            if (Environment.IsPrivilegedProcess)
                await ServerCommand.RunAsync("/bin/chown", ["postgres:postgres", directory], null, CommandTimeout);
            await server.RunAsServerUserAsync(Path.Combine(BinDirectory, "initdb"),
                ["-D", server.DataDirectory, "-U", Username, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await server.StartAsync();
                    return server;
                }
                catch (InvalidOperationException) when (attempt < StartAttempts && server.LogTail.Contains("already in use", StringComparison.OrdinalIgnoreCase))
                {
                    server.Port = HostProcess.FreePort();
                }
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database, bool pooling = true) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Database = database,
        Username = Username,
        Pooling = pooling,
        Timeout = 10,
    }.ConnectionString;

    /// <summary>Creates a fresh, uniquely named database and returns a connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Starts the server (again) on <see cref="Port"/> and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var options = $"-c listen_addresses={Host} -p {Port} -k {DataDirectory}";
        try
        {
            await RunAsServerUserAsync(Path.Combine(BinDirectory, "pg_ctl"),
                ["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", ((int)ReadyDeadline.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", options]);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{e.Message}{Environment.NewLine}PostgreSQL's log:{Environment.NewLine}{LogTail}", e);
        }
        await WaitReadyAsync();
    }

    /// <summary>Fast shutdown: sessions are ended, data is kept; <see cref="StartAsync"/> brings it back.</summary>
    public Task StopAsync() =>
        RunAsServerUserAsync(Path.Combine(BinDirectory, "pg_ctl"), ["stop", "-D", DataDirectory, "-m", "fast", "-w"]);

    /// <summary>Immediate stop, then the directory goes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await RunAsServerUserAsync(Path.Combine(BinDirectory, "pg_ctl"), ["stop", "-D", DataDirectory, "-m", "immediate", "-w"]);
            }
            catch (InvalidOperationException)
            {
                KillPostmaster();
            }
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory must not fail a test that passed; the OS cleans /tmp.
        }
    }

    private async Task WaitReadyAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Timeout = 2 };
        try
        {
            await Eventually.Async(async () =>
            {
                try
                {
                    await using var connection = new NpgsqlConnection(builder.ConnectionString);
                    await connection.OpenAsync();
                    await using var probe = new NpgsqlCommand("SELECT 1", connection);
                    return await probe.ExecuteScalarAsync() is 1;
                }
                catch (NpgsqlException)
                {
                    return false; // starting, or in recovery
                }
            }, "PostgreSQL accepts connections", ReadyDeadline);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; PostgreSQL's log:{Environment.NewLine}{LogTail}", e);
        }
    }

    // The last resort when pg_ctl could not stop it: the postmaster's pid is the first line of postmaster.pid.
    private void KillPostmaster()
    {
        try
        {
            var firstLine = File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).FirstOrDefault();
            if (int.TryParse(firstLine, out var pid))
            {
                using var postmaster = Process.GetProcessById(pid);
                postmaster.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }

    private Task RunAsServerUserAsync(string binary, IReadOnlyList<string> arguments) =>
        Environment.IsPrivilegedProcess
            ? ServerCommand.RunAsync("/usr/sbin/runuser", ["-u", "postgres", "--", binary, .. arguments], null, CommandTimeout, _directory)
            : ServerCommand.RunAsync(binary, arguments, null, CommandTimeout, _directory);

    internal static string ReadTail(string file, int lines = 60)
    {
        try
        {
            return string.Join(Environment.NewLine, File.ReadLines(file).TakeLast(lines));
        }
        catch (IOException)
        {
            return $"({file} could not be read)";
        }
    }
}

/// <summary>Runs a server's control command (pg_ctl, rabbitmqctl) to completion with a timeout, failing with its output.</summary>
internal static class ServerCommand
{
    public static async Task<string> RunAsync(string binary, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment,
        TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? "/",
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (environment is not null)
            foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"'{Describe(binary, arguments)}' did not finish within {timeout.TotalSeconds:0} s");
        }
        var output = await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"'{Describe(binary, arguments)}' failed with {process.ExitCode}:{Environment.NewLine}{output}{Environment.NewLine}{errors}");
        return output;
    }

    private static string Describe(string binary, IEnumerable<string> arguments) => string.Join(' ', arguments.Prepend(binary));
}

/// <summary>One PostgreSQL server shared by the test classes of <see cref="PostgresCollection"/>; each test makes its own database.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("the fixture has not started");

    /// <summary>How long initdb and start took.</summary>
    public TimeSpan StartedIn { get; private set; }

    public async Task InitializeAsync()
    {
        var watch = Stopwatch.StartNew();
        _server = await PostgresServer.StartNewAsync();
        StartedIn = watch.Elapsed;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL server";
}
