using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OpsBot.Alerts;

namespace OpsBot.Ingest.PagerDuty;

/// <summary>POST /webhooks/pagerduty: PagerDuty V3 webhook subscriptions, signed with X-PagerDuty-Signature.</summary>
public sealed class PagerDutyEndpoint(IngestServices services) : WebhookEndpoint(services)
{
    public const string SignatureHeader = "X-PagerDuty-Signature";
    public const string WebhookIdHeader = "X-Webhook-Id";

    protected override AlertSource Source => AlertSource.PagerDuty;

    protected override Rejection? AuthenticateBody(HttpContext http, byte[] body)
    {
        var secrets = Options.PagerDuty.SigningSecrets;
        if (secrets.Count == 0)
            return new Rejection(401, "not_configured", "no PagerDuty signing secret is configured (Ingest:PagerDuty:SigningSecrets)");
        var header = http.Request.Headers[SignatureHeader].ToString();
        if (string.IsNullOrEmpty(header))
            return new Rejection(401, "missing_signature", $"the {SignatureHeader} header is required");
        return PagerDutySignature.IsValid(body, header, secrets)
            ? null
            : new Rejection(401, "bad_signature", $"no {SignatureHeader} entry matches a configured secret");
    }

    protected override async Task<IResult> ProcessAsync(HttpContext http, byte[] body)
    {
        var webhook = JsonSerializer.Deserialize<PagerDutyWebhook>(body)
            ?? throw new PayloadException("the body must be a JSON object");
        var alert = PagerDutyNormalizer.Normalize(webhook, Clock.GetUtcNow());
        if (alert is null)
        {
            CountIgnored(1);
            return Results.Accepted(value: new { status = "ignored", event_type = webhook.Event!.EventType });
        }

        var webhookId = http.Request.Headers[WebhookIdHeader].ToString();
        var deliveryKey = string.IsNullOrEmpty(webhookId) ? null : "pagerduty:" + webhookId;
        var outcome = await AcceptAsync(deliveryKey, [alert]);
        return Results.Accepted(value: new { status = outcome == AcceptOutcome.Accepted ? "accepted" : "duplicate" });
    }
}
