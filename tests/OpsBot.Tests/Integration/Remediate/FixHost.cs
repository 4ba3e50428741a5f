using System.Globalization;
using OpsBot.Tests.Integration.Chat;
using OpsBot.Tests.Integration.Routing;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Integration.Remediate;

/// <summary>
/// The two-team host with a real sshd on loopback as host 127.0.0.1 (owned by dba in the inventory), the shipped
/// handlers, the local chat API, and a temporary log directory for the disk-full fix to act on.
/// </summary>
public sealed class FixHost : IAsyncDisposable
{
    public const string Host = "127.0.0.1";
    private readonly SshServer _ssh;

    private FixHost(SshServer ssh, FakeChatApi fake, ManualClock clock, OpsBotFactory factory, HttpClient client, string logDir, string handlersDir)
    {
        _ssh = ssh;
        Fake = fake;
        Clock = clock;
        Factory = factory;
        Client = client;
        LogDir = logDir;
        HandlersDir = handlersDir;
    }

    public FakeChatApi Fake { get; }
    public ManualClock Clock { get; }
    public OpsBotFactory Factory { get; }
    public HttpClient Client { get; }
    public string LogDir { get; }
    public string HandlersDir { get; }
    public string OldLog => Path.Combine(LogDir, "app-old.log");
    public string NewLog => Path.Combine(LogDir, "app-new.log");

    /// <param name="relaxPrecondition">This machine's disk is not 85% full: let the disk-full fix's precondition accept any usage.</param>
    public static async Task<FixHost> StartAsync(Dictionary<string, string?>? extra = null, bool relaxPrecondition = true)
    {
        var ssh = await SshServer.StartAsync();
        var fake = await FakeChatApi.StartAsync();
        var handlers = Directory.CreateTempSubdirectory("opsbot-handlers-").FullName;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Fixtures.RepositoryRoot, "handlers"), "*.yaml"))
        {
            var text = await File.ReadAllTextAsync(file);
            if (relaxPrecondition) text = text.Replace(@"matches: '\b(8[5-9]|9[0-9]|100)%'", @"matches: '[0-9]+%'");
            await File.WriteAllTextAsync(Path.Combine(handlers, Path.GetFileName(file)), text);
        }
        var logDir = Directory.CreateTempSubdirectory("opsbot-logs-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Handlers:Directory"] = handlers,
            ["Routing:Hosts:3:Pattern"] = Host,
            ["Routing:Hosts:3:Team"] = "dba",
            ["Ssh:User"] = ssh.Options.User,
            ["Ssh:KeyFile"] = ssh.Options.KeyFile,
            ["Ssh:Port"] = ssh.Options.Port.ToString(CultureInfo.InvariantCulture),
            ["Ssh:KnownHostsFile"] = ssh.Options.KnownHostsFile,
        };
        foreach (var (k, v) in extra ?? []) settings[k] = v;
        var clock = new ManualClock(TwoTeams.MondayMorningBerlin);
        var factory = ChatHost.Host(fake, clock, settings);
        var client = await factory.StartAsync();
        var host = new FixHost(ssh, fake, clock, factory, client, logDir, handlers);
        await File.WriteAllTextAsync(host.OldLog, new string('x', 10_000));
        File.SetLastWriteTimeUtc(host.OldLog, DateTime.UtcNow.AddDays(-2));
        await File.WriteAllTextAsync(host.NewLog, "fresh");
        return host;
    }

    /// <summary>A disk-full alert for 127.0.0.1 naming <paramref name="logDir"/> (this host's log directory by default).</summary>
    public Task SendDiskFullAsync(string? logDir = null, DateTimeOffset? endsAt = null) =>
        TwoTeams.SendAsync(Client, "DiskFull", $"{Host}:9100", "critical", TwoTeams.MondayMorningBerlin, endsAt,
            new Dictionary<string, string> { ["mountpoint"] = "/", ["log_dir"] = logDir ?? LogDir });

    public FakeSlackMessage Card => Fake.SlackMessages.Single(m => m.ThreadTs is null);

    public IEnumerable<string> Thread => Fake.SlackMessages.Where(m => m.ThreadTs is not null).Select(m => m.Text ?? "");

    public Task WaitForThreadAsync(string text) =>
        Fake.WaitUntilAsync(f => f.SlackMessages.Any(m => m.ThreadTs is not null && (m.Text ?? "").Contains(text, StringComparison.Ordinal)), TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Fake.DisposeAsync();
        await _ssh.DisposeAsync();
        Directory.Delete(LogDir, recursive: true);
        Directory.Delete(HandlersDir, recursive: true);
    }
}
