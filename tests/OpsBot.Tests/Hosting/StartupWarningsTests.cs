using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Hosting;
using OpsBot.Ingest;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Hosting;

public sealed class StartupWarningsTests
{
    [Fact]
    public async Task Defaults_warn_about_the_open_and_the_closed_endpoints()
    {
        var logger = new RecordingLogger<StartupWarnings>();
        await new StartupWarnings(Options.Create(new IngestOptions()), TimeProvider.System, logger).StartAsync(CancellationToken.None);

        Assert.Equal(3, logger.Warnings.Count);
        Assert.Contains(logger.Warnings, w => w.Contains("/webhooks/alertmanager takes requests without credentials"));
        Assert.Contains(logger.Warnings, w => w.Contains("Ingest:PagerDuty:SigningSecrets"));
        Assert.Contains(logger.Warnings, w => w.Contains("Ingest:Events:IntegrationKeys"));
    }

    [Fact]
    public async Task Fully_configured_ingest_starts_quietly()
    {
        var options = new IngestOptions
        {
            Alertmanager = { BearerToken = "t" },
            PagerDuty = { SigningSecrets = ["s"] },
            Events = { IntegrationKeys = ["k"] },
        };
        var logger = new RecordingLogger<StartupWarnings>();
        await new StartupWarnings(Options.Create(options), TimeProvider.System, logger).StartAsync(CancellationToken.None);

        Assert.Empty(logger.Warnings);
    }
}
