using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Ingest;

namespace OpsBot.Hosting;

/// <summary>Says at start which webhook endpoints are open to anyone and which refuse everything, so neither surprises.</summary>
public sealed class StartupWarnings(IOptions<IngestOptions> ingest, ILogger<StartupWarnings> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = ingest.Value;
        if (!options.Alertmanager.RequiresAuthentication)
            logger.LogWarning("/webhooks/alertmanager takes requests without credentials; set Ingest:Alertmanager:BearerToken to require one");
        if (options.PagerDuty.SigningSecrets.Count == 0)
            logger.LogWarning("/webhooks/pagerduty refuses every request until Ingest:PagerDuty:SigningSecrets is set");
        if (options.Events.IntegrationKeys.Count == 0)
            logger.LogWarning("/webhooks/events refuses every request until Ingest:Events:IntegrationKeys is set");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
