using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OpsBot.Tests.Integration;

/// <summary>
/// The real host (Program) in-process, with a real SQLite file in a data directory of its own.
/// Settings override appsettings/; a directory handed in is reused, so a test can restart the host on the same data.
/// </summary>
/// <param name="configFile">A JSON file layered over appsettings/ (e.g. a teams file), below <paramref name="settings"/>.</param>
public sealed class OpsBotFactory(Dictionary<string, string?>? settings = null, string? dataDir = null, TimeProvider? clock = null, string? configFile = null)
    : WebApplicationFactory<Program>
{
    public const string PagerDutySecret = "test-pagerduty-secret";
    public const string IntegrationKey = "e93facc04764012d7bfb002500d5d1a6";
    public const string AlertmanagerToken = "test-am-token";

    public string DataDir { get; } = dataDir ?? Directory.CreateTempSubdirectory("opsbot-test-").FullName;
    public string DatabasePath => Path.Combine(DataDir, "opsbot.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration((_, config) =>
        {
            if (configFile is not null) config.AddJsonFile(configFile, optional: false);
            config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:SqlitePath"] = DatabasePath,
                ["Ingest:PagerDuty:SigningSecrets:0"] = PagerDutySecret,
                ["Ingest:Events:IntegrationKeys:0"] = IntegrationKey,
                ["Logging:LogLevel:Default"] = "Warning",
            }.Concat(settings ?? []).ToDictionary(p => p.Key, p => p.Value));
        });
        if (clock is not null) builder.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton(clock)));
    }

    /// <summary>A client for a started host that has reported ready.</summary>
    public async Task<HttpClient> StartAsync()
    {
        var client = CreateClient();
        await Eventually.Async(async () => (await client.GetAsync("/readyz")).IsSuccessStatusCode, "host ready");
        return client;
    }

    public long Scalar(string sql) => TestDatabase.Scalar(DatabasePath, sql);

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public void DeleteData()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { }
    }
}
