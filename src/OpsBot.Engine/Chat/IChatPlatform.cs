namespace OpsBot.Chat;

/// <summary>
/// The little OpsBot needs from a chat platform to deliver: post (optionally in a message's thread) and edit.
/// Failures are <see cref="ChatDeliveryException"/>s that say whether and when trying again can help.
/// </summary>
public interface IChatPlatform
{
    /// <summary>"slack" or "discord"; stored with every message reference.</summary>
    string Name { get; }

    /// <param name="threadOf">Post as a reply in this message's thread.</param>
    /// <param name="idempotencyKey">Same key for every attempt at the same post (≤ 25 chars); platforms that support it drop repeats.</param>
    Task<MessageRef> PostAsync(string channelId, ChatMessage message, MessageRef? threadOf, string idempotencyKey, CancellationToken ct);

    Task EditAsync(MessageRef target, ChatMessage message, CancellationToken ct);
}

public enum ChatFailure
{
    /// <summary>429: wait <see cref="ChatDeliveryException.RetryAfter"/> and try again.</summary>
    RateLimited,
    /// <summary>5xx, timeouts, connection errors, Slack's internal_error and the like: back off and try again.</summary>
    Transient,
    /// <summary>Trying again cannot help (bad token, unknown channel, message too long, 4xx).</summary>
    Permanent,
}

public sealed class ChatDeliveryException(ChatFailure failure, string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public ChatFailure Failure { get; } = failure;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
