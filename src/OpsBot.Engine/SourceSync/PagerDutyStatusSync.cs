using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Alerts;
using OpsBot.Ingest.PagerDuty;
using OpsBot.Notify;
using OpsBot.Outbox;
using OpsBot.Storage;

namespace OpsBot.SourceSync;

/// <summary>
/// Acknowledging or resolving in chat an alert that PagerDuty also knows tells PagerDuty, so it stops escalating.
/// A failure is said in the alert's thread (and returned to the person who asked), never only logged.
/// </summary>
public sealed class PagerDutyStatusSync(OpsBotDbContext db, PipelineTransaction transaction, AlertThread thread,
    IHttpClientFactory httpClients, IOptions<PagerDutyRestOptions> options, ILogger<PagerDutyStatusSync> logger)
{
    public const string HttpClientName = "pagerduty";

    /// <param name="status">acknowledged or resolved.</param>
    /// <returns>A line for the reply, or null when PagerDuty does not know this alert.</returns>
    public async Task<string?> SyncAsync(AlertStateRow alert, string status, CancellationToken ct)
    {
        var incident = await IncidentOfAsync(alert, ct);
        if (incident is null) return null;
        if (!options.Value.Enabled)
        {
            var unset = $"PagerDuty incident {incident} was not {status} there: PagerDuty:ApiToken and PagerDuty:FromEmail are not set.";
            await TellThreadAsync(alert, unset, ct);
            return unset;
        }
        try
        {
            var http = httpClients.CreateClient(HttpClientName);
            http.Timeout = options.Value.Timeout;
            await new PagerDutyIncidents(http, options.Value).UpdateStatusAsync(incident, status, ct);
            return $"PagerDuty incident {incident} {status} too.";
        }
        catch (PagerDutySyncException e)
        {
            logger.LogWarning("PagerDuty incident {Incident} of alert {AlertId} could not be {Status}: {Error}", incident, alert.Id, status, e.Message);
            var failed = $"PagerDuty incident {incident} could NOT be {status} there, so PagerDuty may keep escalating: {e.Message}";
            await TellThreadAsync(alert, failed, ct);
            return failed;
        }
    }

    private async Task<string?> IncidentOfAsync(AlertStateRow alert, CancellationToken ct)
    {
        const string prefix = PagerDutyNormalizer.FingerprintPrefix;
        if (alert.Source == AlertSource.PagerDuty && alert.Fingerprint.StartsWith(prefix, StringComparison.Ordinal)) return alert.Fingerprint[prefix.Length..];
        var key = Dedupe.CorrelationKeys.FingerprintKey(prefix);
        var linked = await db.AlertKeys.AsNoTracking()
            .Where(k => k.AlertId == alert.Id && k.Source == AlertSource.PagerDuty && k.Key.StartsWith(key)).Select(k => k.Key).FirstOrDefaultAsync(ct);
        return linked?[key.Length..];
    }

    private Task TellThreadAsync(AlertStateRow alert, string text, CancellationToken ct) =>
        transaction.RunAsync(null, token => thread.TellAsync(alert, NotificationKind.SourceSync, text, token), ct);
}
