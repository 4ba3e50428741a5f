using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Ingest;

namespace OpsBot.Hosting;

/// <summary>Says at start which webhook endpoints are open to anyone and which refuse everything, and whether the clock is shifted, so none of it surprises.</summary>
public sealed class StartupWarnings(IOptions<IngestOptions> ingest, TimeProvider clock, ILogger<StartupWarnings> logger) : IHostedService
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
        if (clock is ShiftedClock)
            logger.LogWarning("Clock:StartAt is set: OpsBot's clock reads {Now:u}, not the real time; for rehearsals only", clock.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
