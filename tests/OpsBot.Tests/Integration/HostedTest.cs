namespace OpsBot.Tests.Integration;

/// <summary>A test class whose every test gets a fresh, started host with its own data directory, removed afterwards.</summary>
public abstract class HostedTest(OpsBotFactory host) : IAsyncLifetime
{
    protected OpsBotFactory Host { get; } = host;
    protected HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync() => Client = await Host.StartAsync();

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Host.DeleteData();
    }
}
