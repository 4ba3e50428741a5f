using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpsBot.Alerts;

namespace OpsBot.Ingest.Alertmanager;

/// <summary>POST /webhooks/alertmanager: Alertmanager's webhook receiver, payload version 4.</summary>
public sealed class AlertmanagerEndpoint(IngestServices services) : WebhookEndpoint(services)
{
    protected override AlertSource Source => AlertSource.Alertmanager;

    protected override Rejection? AuthenticateHeaders(HttpContext http)
    {
        var auth = Options.Alertmanager;
        if (!auth.RequiresAuthentication) return null;
        var header = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
            return new Rejection(401, "missing_credentials", "an Authorization header is required");
        return Accepts(header, auth) ? null : new Rejection(401, "bad_credentials", "the Authorization header does not match");
    }

    protected override async Task<IResult> ProcessAsync(HttpContext http, byte[] body)
    {
        var payload = JsonSerializer.Deserialize<AlertmanagerPayload>(body)
            ?? throw new PayloadException("the body must be a JSON object");
        var alerts = AlertmanagerNormalizer.Normalize(payload, Clock.GetUtcNow());
        if (payload.TruncatedAlerts > 0)
        {
            Metrics.AlertmanagerTruncatedAlerts.Add(payload.TruncatedAlerts);
            Logger.LogWarning("Alertmanager left {Count} alerts out of group {GroupKey} (max_alerts); raise max_alerts to see them",
                payload.TruncatedAlerts, payload.GroupKey);
        }
        if (alerts.Count > 0) await AcceptAsync(deliveryKey: null, alerts);
        return Results.Ok(new { status = "accepted", alerts = alerts.Count });
    }

    private static bool Accepts(string header, AlertmanagerIngestOptions auth)
    {
        if (!string.IsNullOrEmpty(auth.BearerToken) && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return SecretEquals(header["Bearer ".Length..].Trim(), auth.BearerToken);
        if (!string.IsNullOrEmpty(auth.BasicAuthUsername) && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var expected = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{auth.BasicAuthUsername}:{auth.BasicAuthPassword}"));
            return SecretEquals(header["Basic ".Length..].Trim(), expected);
        }
        return false;
    }

    /// <summary>Constant time whatever the lengths: both sides are hashed to the same size first.</summary>
    private static bool SecretEquals(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
