using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Alerts;
using OpsBot.Contracts;
using OpsBot.Hosting;
using OpsBot.Observability;

namespace OpsBot.Ingest;

/// <summary>
/// The checks every webhook goes through, cheapest first: ready, size, credentials in headers, content type,
/// body within the limit, signature over the raw body, and only then parsing. Every refusal is counted by reason.
/// </summary>
public abstract class WebhookEndpoint(IngestServices services)
{
    protected IngestOptions Options => services.Options.Value;
    protected TimeProvider Clock => services.Clock;
    protected OpsBotMetrics Metrics => services.Metrics;
    protected ILogger Logger => services.Logger;
    protected abstract AlertSource Source { get; }
    private string SourceName => Source.ToString().ToLowerInvariant();

    public async Task<IResult> HandleAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var refusal = await CheckRequestAsync(http);
            if (refusal.Rejection is not null) return Refuse(refusal.Rejection);
            var result = await ProcessAsync(http, refusal.Body!);
            Metrics.StageDuration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds, "ingest");
            return result;
        }
        catch (JsonException e)
        {
            return Refuse(new Rejection(400, "invalid_json", $"body is not valid JSON for this endpoint: {FirstLine(e.Message)}"));
        }
        catch (PayloadException e)
        {
            return Refuse(new Rejection(400, "invalid_payload", e.Message));
        }
        catch (AcceptUnavailableException e)
        {
            return Refuse(new Rejection(503, e.Reason, e.Message));
        }
    }

    /// <summary>Header-only credential check (bearer/basic); null when it passes.</summary>
    protected virtual Rejection? AuthenticateHeaders(HttpContext http) => null;

    /// <summary>Raw-body check (signatures); null when it passes.</summary>
    protected virtual Rejection? AuthenticateBody(HttpContext http, byte[] body) => null;

    protected abstract Task<IResult> ProcessAsync(HttpContext http, byte[] body);

    /// <summary>The answer to a refused request; endpoints that imitate a sender's API override the body shape.</summary>
    protected virtual IResult RejectionResult(Rejection rejection) =>
        Results.Json(new { error = rejection.Reason, message = rejection.Message }, statusCode: rejection.StatusCode);

    protected async Task<AcceptOutcome> AcceptAsync(string? deliveryKey, IReadOnlyList<Alert> alerts)
    {
        var events = alerts.Select(a => new AlertReceived(Guid.CreateVersion7(Clock.GetUtcNow()), a)).ToList();
        using var timeout = new CancellationTokenSource(Options.AcceptTimeout);
        AcceptOutcome outcome;
        try
        {
            outcome = await services.Acceptor.AcceptAsync(deliveryKey, events, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new AcceptUnavailableException("accept_timeout", $"the alerts could not be stored within {Options.AcceptTimeout.TotalSeconds:0.#} s; retry");
        }
        catch (Exception e)
        {
            Logger.LogError(e, "Storing {Count} alerts from {Source} failed", alerts.Count, Source);
            throw new AcceptUnavailableException("store_unavailable", "the alerts could not be stored; retry");
        }

        var outcomeName = outcome == AcceptOutcome.DuplicateDelivery ? "duplicate_delivery" : "accepted";
        Metrics.AlertsReceived.Add(alerts.Count, SourceName, outcomeName);
        if (outcome == AcceptOutcome.Accepted && Logger.IsEnabled(LogLevel.Information))
            Logger.LogInformation("Accepted {Count} alert(s) from {Source}: {Alerts}", alerts.Count, Source, Describe(alerts));
        else
            Logger.LogInformation("Ignored a repeated {Source} delivery {DeliveryKey}", Source, deliveryKey);
        return outcome;
    }

    protected void CountIgnored(int count) => Metrics.AlertsReceived.Add(count, SourceName, "ignored");

    private async Task<(Rejection? Rejection, byte[]? Body)> CheckRequestAsync(HttpContext http)
    {
        if (!services.Readiness.IsReady)
            return (new Rejection(503, "not_ready", $"starting up, waiting for: {string.Join(", ", services.Readiness.Waiting)}"), null);
        if (http.Request.ContentLength > Options.MaxBodyBytes)
            return (TooLarge(), null);
        if (AuthenticateHeaders(http) is { } unauthenticated) return (unauthenticated, null);
        if (!IsJson(http.Request.ContentType))
            return (new Rejection(415, "unsupported_media_type", $"Content-Type must be application/json, got '{http.Request.ContentType}'"), null);
        var body = await RequestBody.ReadAsync(http.Request, Options.MaxBodyBytes);
        if (body is null) return (TooLarge(), null);
        if (body.Length == 0) return (new Rejection(400, "empty_body", "the request body is empty"), null);
        if (AuthenticateBody(http, body) is { } unsigned) return (unsigned, null);
        return (null, body);
    }

    private Rejection TooLarge() => new(413, "body_too_large", $"the body is larger than {Options.MaxBodyBytes} bytes");

    protected IResult Refuse(Rejection rejection)
    {
        Metrics.IngestRejections.Inc(SourceName, rejection.Reason);
        Logger.LogWarning("Refused a {Source} webhook: {Status} {Reason}: {Message}", Source, rejection.StatusCode, rejection.Reason, rejection.Message);
        return RejectionResult(rejection);
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) && parsed.MediaType is { } media &&
        (media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static string Describe(IReadOnlyList<Alert> alerts) =>
        string.Join(", ", alerts.Take(5).Select(a => $"{a.AlertName}[{a.Fingerprint}] {a.Status.ToString().ToLowerInvariant()}"))
        + (alerts.Count > 5 ? $" and {alerts.Count - 5} more" : "");

    private static string FirstLine(string text) => text.Split('\n')[0];
}

public sealed record Rejection(int StatusCode, string Reason, string Message);

public sealed class AcceptUnavailableException(string reason, string message) : Exception(message)
{
    public string Reason { get; } = reason;
}

/// <summary>What every webhook endpoint needs, bundled so endpoint constructors stay short.</summary>
public sealed record IngestServices(
    IOptions<IngestOptions> Options, IAlertAcceptor Acceptor, ReadinessGate Readiness, OpsBotMetrics Metrics,
    TimeProvider Clock, ILogger<WebhookEndpoint> Logger);
