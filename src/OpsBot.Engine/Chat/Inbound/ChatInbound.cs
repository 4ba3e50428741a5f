using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Commands;
using OpsBot.Observability;

namespace OpsBot.Chat.Inbound;

/// <summary>What every chat endpoint needs: limits, the replay guard, people, the runner, metrics and a log.</summary>
public sealed class ChatInbound(IOptions<ChatOptions> options, ReplayGuard replays, People people, InteractionRunner runner, OpsBotMetrics metrics,
    TimeProvider clock, ILogger<ChatInbound> logger)
{
    public ChatOptions Options => options.Value;
    public ReplayGuard Replays => replays;
    public People People => people;
    public InteractionRunner Runner => runner;
    public TimeProvider Clock => clock;
    public ILogger Logger => logger;

    /// <summary>The raw body, or null when it is larger than <see cref="ChatOptions.MaxBodyBytes"/>.</summary>
    public Task<byte[]?> ReadBodyAsync(HttpRequest request) => Ingest.RequestBody.ReadAsync(request, options.Value.MaxBodyBytes);

    /// <summary>A refusal: counted, logged, and answered with a JSON error naming the reason.</summary>
    public IResult Refuse(string platform, int status, string outcome, string message)
    {
        metrics.ChatRequests.Inc(platform, outcome);
        logger.LogWarning("{Platform} request refused ({Status} {Outcome}): {Message}", platform, status, outcome, message);
        return Results.Json(new { error = outcome, message }, statusCode: status);
    }
}
