using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OpsBot.Alerts;

namespace OpsBot.Ingest.Events;

/// <summary>POST /webhooks/events: PagerDuty Events API v2 compatible; answers the way PagerDuty does.</summary>
public sealed class EventsEndpoint(IngestServices services) : WebhookEndpoint(services)
{
    protected override AlertSource Source => AlertSource.Events;

    protected override async Task<IResult> ProcessAsync(HttpContext http, byte[] body)
    {
        var payload = JsonSerializer.Deserialize<EventsPayload>(body)
            ?? throw new PayloadException("the body must be a JSON object");
        if (string.IsNullOrEmpty(payload.RoutingKey))
            return Refuse(new Rejection(400, "missing_routing_key", "missing field 'routing_key'"));
        if (!Options.Events.IntegrationKeys.Contains(payload.RoutingKey))
            return Refuse(new Rejection(400, "unknown_routing_key", "routing_key is not one of the configured integration keys"));

        var dedupKey = EventsNormalizer.DedupKeyOf(payload, () => Guid.NewGuid().ToString("N"));
        var alert = EventsNormalizer.Normalize(payload, dedupKey, Clock.GetUtcNow());
        await AcceptAsync(deliveryKey: null, [alert]);
        return Results.Json(new { status = "success", message = "Event processed", dedup_key = dedupKey }, statusCode: 202);
    }

    protected override IResult RejectionResult(Rejection rejection) =>
        Results.Json(new { status = rejection.Reason, message = rejection.Message, errors = new[] { rejection.Message } },
            statusCode: rejection.StatusCode);
}
