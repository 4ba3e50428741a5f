using OpsBot.Diagnostics;

namespace OpsBot.Tests.Support;

/// <summary>
/// A throwaway OpenSSH server on a loopback port of its own, with its own host key, one client key allowed to log in as
/// the current user, and a known_hosts file that trusts exactly this server. <see cref="Options"/> is what SshRunner needs.
/// </summary>
public sealed class SshServer : IAsyncDisposable
{
    public const string SshdPath = "/usr/sbin/sshd";
    public const string KeygenPath = "/usr/bin/ssh-keygen";
    public const string Host = "127.0.0.1";

    // sshd refuses to start without its privilege separation directory; a package whose service never ran lacks it.
    private const string PrivilegeSeparationDirectory = "/run/sshd";
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(30);

    private readonly ServiceProcess _service;

    private SshServer(ServiceProcess service, string directory, SshOptions options)
    {
        _service = service;
        Directory = directory;
        Options = options;
    }

    /// <summary>User (the current one), KeyFile, Port and KnownHostsFile for this server, StrictHostKeyChecking "yes".</summary>
    public SshOptions Options { get; }

    /// <summary>The server's temp directory (keys, config); a test may put files here too.</summary>
    public string Directory { get; }

    public string Log => _service.Log;

    /// <summary>Starts sshd and waits until a <c>true</c> run through it succeeds.</summary>
    public static async Task<SshServer> StartAsync()
    {
        System.IO.Directory.CreateDirectory(PrivilegeSeparationDirectory);
        var keys = System.IO.Directory.CreateTempSubdirectory("opsbot-sshd-keys-").FullName;
        try
        {
            await KeygenAsync(Path.Combine(keys, "host_key"));
            await KeygenAsync(Path.Combine(keys, "client_key"));
            return await ServiceProcess.StartOnFreePortAsync("sshd", port => Launch(port, keys), s => s._service, IsReadyAsync, ReadyDeadline);
        }
        finally
        {
            System.IO.Directory.Delete(keys, recursive: true);
        }
    }

    public ValueTask DisposeAsync() => _service.DisposeAsync();

    // Keys are made once and copied per attempt: each attempt's directory goes when that attempt is disposed.
    private static SshServer Launch(int port, string keys)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("opsbot-sshd-").FullName;
        foreach (var name in new[] { "host_key", "host_key.pub", "client_key", "client_key.pub" })
            File.Copy(Path.Combine(keys, name), Path.Combine(directory, name));
        File.Copy(Path.Combine(directory, "client_key.pub"), Path.Combine(directory, "authorized_keys"));
        var hostKey = File.ReadAllText(Path.Combine(directory, "host_key.pub")).Split(' ');
        File.WriteAllText(Path.Combine(directory, "known_hosts"), $"[{Host}]:{port} {hostKey[0]} {hostKey[1]}\n");
        var config = Path.Combine(directory, "sshd_config");
        File.WriteAllText(config, $"""
            Port {port}
            ListenAddress {Host}
            HostKey {Path.Combine(directory, "host_key")}
            AuthorizedKeysFile {Path.Combine(directory, "authorized_keys")}
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            UsePAM no
            PidFile {Path.Combine(directory, "sshd.pid")}
            StrictModes no

            """);
        // -D: stay in the foreground, so killing this process ends it; -e: log to stderr, into the test's failure messages.
        var service = ServiceProcess.Start("sshd", SshdPath, ["-D", "-e", "-f", config], directory);
        return new SshServer(service, directory, new SshOptions
        {
            User = Environment.UserName,
            KeyFile = Path.Combine(directory, "client_key"),
            Port = port,
            KnownHostsFile = Path.Combine(directory, "known_hosts"),
            StrictHostKeyChecking = "yes",
        });
    }

    private static async Task<bool> IsReadyAsync(SshServer server)
    {
        var result = await new SshRunner(server.Options).RunAsync(Host, ["true"], TimeSpan.FromSeconds(10), 4096, CancellationToken.None);
        return result.Succeeded;
    }

    private static async Task KeygenAsync(string file)
    {
        var result = await ProcessRunner.RunAsync(KeygenPath, ["-q", "-t", "ed25519", "-N", "", "-C", "opsbot-test", "-f", file],
            TimeSpan.FromSeconds(30), 4096, CancellationToken.None);
        if (!result.Succeeded) throw new InvalidOperationException($"ssh-keygen failed ({result.ExitCode}): {result.Output}");
    }
}
