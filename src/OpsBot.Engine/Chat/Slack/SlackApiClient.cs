using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpsBot.Chat.Slack;

/// <summary>
/// Posts and edits through Slack's Web API (chat.postMessage, chat.update) and answers through response_url.
/// <c>http.BaseAddress</c> is the API base (options.ApiBaseUrl when unset). Every failure is a <see cref="ChatDeliveryException"/>
/// saying whether to retry; only the caller's own cancellation is not.
/// </summary>
public sealed class SlackApiClient(HttpClient http, SlackOptions options, TimeProvider pacingClock) : IChatPlatform
{
    /// <summary>Slack's guidance for chat.postMessage: about one message per second per channel.</summary>
    public static readonly TimeSpan PostInterval = TimeSpan.FromSeconds(1);

    private const int ExcerptLength = 200;
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);
    private static readonly string[] TransientErrors = ["internal_error", "fatal_error", "service_unavailable", "request_timeout"];

    private readonly HttpClient _http = http ?? throw new ArgumentNullException(nameof(http));
    private readonly SlackOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly TimeProvider _clock = pacingClock ?? throw new ArgumentNullException(nameof(pacingClock));
    private readonly ConcurrentDictionary<string, ChannelPace> _pace = new(StringComparer.Ordinal);

    public string Name => "slack";

    public async Task<MessageRef> PostAsync(string channelId, ChatMessage message, MessageRef? threadOf, string idempotencyKey, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelId);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        var args = SlackRenderer.Render(message);
        args["channel"] = channelId;
        if (threadOf is not null)
        {
            args["thread_ts"] = threadOf.MessageId;
            if (message.Broadcast) args["reply_broadcast"] = true;
        }
        args["unfurl_links"] = false;
        // Slack drops no repeated posts; the key in the message's metadata at least lets a human see two are one.
        args["metadata"] = new JsonObject
        {
            ["event_type"] = "opsbot_message",
            ["event_payload"] = new JsonObject { ["key"] = idempotencyKey },
        };

        await WaitForTurnAsync(channelId, ct);
        var answer = await CallAsync("chat.postMessage", args, ct);
        if (answer.TryGetProperty("channel", out var channel) && channel.ValueKind == JsonValueKind.String &&
            answer.TryGetProperty("ts", out var ts) && ts.ValueKind == JsonValueKind.String)
            return new MessageRef(channel.GetString()!, ts.GetString()!);
        throw new ChatDeliveryException(ChatFailure.Transient, $"Slack chat.postMessage answered ok without channel and ts: {Excerpt(answer.GetRawText())}");
    }

    public async Task EditAsync(MessageRef target, ChatMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        var args = SlackRenderer.Render(message);
        args["channel"] = target.ChannelId;
        args["ts"] = target.MessageId;
        // Without "blocks" Slack keeps the old ones, and with them buttons of a state that has passed.
        if (!args.ContainsKey("blocks")) args["blocks"] = new JsonArray();
        await CallAsync("chat.update", args, ct);
    }

    /// <summary>Answers a slash command or button press through its response_url, visible to the user alone or to the channel.</summary>
    public async Task RespondAsync(string responseUrl, string text, bool ephemeral, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(text);
        var uri = CheckResponseUrl(responseUrl);
        var body = new JsonObject
        {
            ["response_type"] = ephemeral ? "ephemeral" : "in_channel",
            ["replace_original"] = false,
            ["text"] = text,
        };
        // A response_url carries its own authority; the bot token is not sent to it. It answers "ok" as text, not JSON.
        await SendAsync(uri, body, token: null, "Slack response_url", ct);
    }

    private async Task<JsonElement> CallAsync(string method, JsonObject args, CancellationToken ct)
    {
        var what = "Slack " + method;
        if (string.IsNullOrWhiteSpace(_options.BotToken))
            throw new ChatDeliveryException(ChatFailure.Permanent, $"{what}: no bot token configured (Chat__Slack__BotToken)");
        var (body, retryAfter) = await SendAsync(Endpoint(method), args, _options.BotToken, what, ct);

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ChatDeliveryException(ChatFailure.Transient, $"{what} answered an unexpected body ({e.Message}): {Excerpt(body)}", null, e);
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ok", out var ok) || ok.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            throw new ChatDeliveryException(ChatFailure.Transient, $"{what} answered without \"ok\": {Excerpt(body)}");
        if (ok.ValueKind == JsonValueKind.True) return root;

        var error = root.TryGetProperty("error", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString()! : "unknown_error";
        var message = $"{what}: {error}{Details(root)}";
        if (error is "ratelimited" or "rate_limited")
            throw new ChatDeliveryException(ChatFailure.RateLimited, message, retryAfter ?? DefaultRetryAfter);
        throw new ChatDeliveryException(TransientErrors.Contains(error) ? ChatFailure.Transient : ChatFailure.Permanent, message);
    }

    private async Task<(string Body, TimeSpan? RetryAfter)> SendAsync(Uri uri, JsonObject json, string? token, string what, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await _http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var retryAfter = RetryAfter(response);
            if (response.IsSuccessStatusCode) return (body, retryAfter);

            var text = $"{what} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Excerpt(body)}";
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                throw new ChatDeliveryException(ChatFailure.RateLimited, text, retryAfter ?? DefaultRetryAfter);
            throw new ChatDeliveryException((int)response.StatusCode >= 500 ? ChatFailure.Transient : ChatFailure.Permanent, text);
        }
        catch (HttpRequestException e)
        {
            throw new ChatDeliveryException(ChatFailure.Transient, $"{what} could not be reached: {e.Message}", null, e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            // HttpClient reports its own Timeout as a cancellation; only the caller's token means "stop", not "failed".
            throw new ChatDeliveryException(ChatFailure.Transient, $"{what} did not answer within {_http.Timeout.TotalSeconds:0.###} s", null, e);
        }
    }

    // One post per channel per PostInterval: each caller reserves the next free slot, then waits for it outside the lock.
    private async Task WaitForTurnAsync(string channelId, CancellationToken ct)
    {
        var pace = _pace.GetOrAdd(channelId, _ => new ChannelPace());
        var now = _clock.GetUtcNow();
        DateTimeOffset slot;
        lock (pace)
        {
            slot = pace.Next > now ? pace.Next : now;
            pace.Next = slot + PostInterval;
        }
        if (slot > now) await Task.Delay(slot - now, _clock, ct);
    }

    // Scheme, host, port and path prefix are compared parsed, so "https://hooks.slack.com.evil/" or "…@evil/" cannot pass.
    private Uri CheckResponseUrl(string responseUrl)
    {
        if (!Uri.TryCreate(responseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            throw new ArgumentException($"response_url '{responseUrl}' is not an absolute http(s) URL", nameof(responseUrl));
        var root = new Uri(_options.ResponseUrlBase, UriKind.Absolute);
        var rootPath = root.AbsolutePath.EndsWith('/') ? root.AbsolutePath : root.AbsolutePath + "/";
        if (uri.Scheme != root.Scheme || !string.Equals(uri.Host, root.Host, StringComparison.OrdinalIgnoreCase) || uri.Port != root.Port ||
            uri.UserInfo.Length > 0 || !uri.AbsolutePath.StartsWith(rootPath, StringComparison.Ordinal))
            throw new ArgumentException($"response_url '{responseUrl}' is not under {_options.ResponseUrlBase}", nameof(responseUrl));
        return uri;
    }

    // A relative method name replaces the base's last segment unless the base ends in '/'.
    private Uri Endpoint(string method)
    {
        var baseAddress = _http.BaseAddress ?? new Uri(_options.ApiBaseUrl, UriKind.Absolute);
        var root = baseAddress.GetLeftPart(UriPartial.Path);
        return new Uri(new Uri(root.EndsWith('/') ? root : root + "/"), method);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > _clock.GetUtcNow() ? date - _clock.GetUtcNow() : TimeSpan.Zero,
        _ => null,
    };

    // invalid_blocks and the like name the offending block in response_metadata.messages.
    private static string Details(JsonElement root) =>
        root.TryGetProperty("response_metadata", out var meta) && meta.ValueKind == JsonValueKind.Object &&
        meta.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array && messages.GetArrayLength() > 0
            ? " (" + Excerpt(string.Join("; ", messages.EnumerateArray().Select(m => m.ToString()))) + ")"
            : "";

    private static string Excerpt(string body)
    {
        var text = body.Trim();
        if (text.Length == 0) return "(empty body)";
        return text.Length <= ExcerptLength ? text : text[..ExcerptLength] + "…";
    }

    private sealed class ChannelPace
    {
        public DateTimeOffset Next = DateTimeOffset.MinValue;
    }
}
