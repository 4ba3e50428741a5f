using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpsBot.Chat.Discord;

/// <summary>
/// Discord's REST API for what OpsBot does there: post and edit alert messages, answer interactions, register /ops.
/// Requests go to <see cref="DiscordOptions.ApiBaseUrl"/> (the version is part of it), whatever the HttpClient's own
/// BaseAddress. Every failure is a <see cref="ChatDeliveryException"/>; only the caller's own cancellation is not.
/// </summary>
public sealed class DiscordApiClient(HttpClient http, DiscordOptions options) : IChatPlatform
{
    /// <summary>Discord requires this form; requests without it may be blocked before they reach the API.</summary>
    public const string UserAgent = "DiscordBot (https://github.com/opsbot/opsbot, 1.0)";

    private const int NonceLimit = 25;
    private const int ThreadAlreadyCreated = 160004;
    private const int ExcerptLength = 200;
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    private readonly HttpClient _http = http ?? throw new ArgumentNullException(nameof(http));
    private readonly DiscordOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    public string Name => "discord";

    public async Task<MessageRef> PostAsync(string channelId, ChatMessage message, MessageRef? threadOf, string idempotencyKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(idempotencyKey.Length, NonceLimit, nameof(idempotencyKey));

        var target = channelId;
        if (threadOf is null) ArgumentException.ThrowIfNullOrWhiteSpace(channelId);
        else
        {
            // A thread started from a message has the message's id, so once it exists the reply goes to that "channel".
            await SendAsync(HttpMethod.Post, $"channels/{Id(threadOf.ChannelId)}/messages/{Id(threadOf.MessageId)}/threads",
                new JsonObject { ["name"] = "Alert thread", ["auto_archive_duration"] = 1440 }, ct, toleratedCode: ThreadAlreadyCreated);
            target = threadOf.MessageId;
        }

        var body = DiscordRenderer.Render(message);
        // With enforce_nonce Discord answers a repeat within a few minutes with the first message instead of a second post,
        // which is what makes a retry after a lost answer safe.
        body["nonce"] = idempotencyKey;
        body["enforce_nonce"] = true;
        var answer = await SendAsync(HttpMethod.Post, $"channels/{Id(target)}/messages", body, ct);
        var created = answer.Json();
        if (created.ValueKind != JsonValueKind.Object || !created.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
            throw answer.Unexpected("no message id");
        var channel = created.TryGetProperty("channel_id", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : target;
        return new MessageRef(channel, id.GetString()!);
    }

    public Task EditAsync(MessageRef target, ChatMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        return SendAsync(HttpMethod.Patch, $"channels/{Id(target.ChannelId)}/messages/{Id(target.MessageId)}", DiscordRenderer.Render(message), ct);
    }

    /// <summary>Replaces the "thinking…" of a deferred interaction response with the answer.</summary>
    /// <param name="ephemeral">
    /// Who sees the answer was fixed by the deferred response (its flag 64) and an edit cannot change it; nothing is sent for it.
    /// </param>
    public Task EditOriginalResponseAsync(string interactionToken, string content, bool ephemeral, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(interactionToken);
        ArgumentNullException.ThrowIfNull(content);
        var body = new JsonObject
        {
            ["content"] = DiscordRenderer.Truncate(content, DiscordRenderer.ContentLimit),
            ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
        };
        var app = Id(Configured(_options.ApplicationId, "ApplicationId"));
        // The token authorises the call and stays valid for 15 minutes, so it must not end up in an error message or log.
        return SendAsync(HttpMethod.Patch, $"webhooks/{app}/{Uri.EscapeDataString(interactionToken)}/messages/@original", body, ct,
            bot: false, shown: $"webhooks/{app}/(token)/messages/@original");
    }

    /// <summary>Replaces all of the application's commands (globally, or in <see cref="DiscordOptions.GuildId"/>) with /ops.</summary>
    /// <returns>How many commands Discord now holds.</returns>
    public async Task<int> RegisterCommandsAsync(CancellationToken ct)
    {
        var app = Id(Configured(_options.ApplicationId, "ApplicationId"));
        var path = string.IsNullOrWhiteSpace(_options.GuildId)
            ? $"applications/{app}/commands"
            : $"applications/{app}/guilds/{Id(_options.GuildId)}/commands";
        var answer = await SendAsync(HttpMethod.Put, path, DiscordCommands.Definitions(), ct);
        var commands = answer.Json();
        return commands.ValueKind == JsonValueKind.Array ? commands.GetArrayLength() : throw answer.Unexpected("not a list of commands");
    }

    private sealed record Answer(string What, HttpStatusCode Status, string Body)
    {
        public JsonElement Json()
        {
            try
            {
                using var json = JsonDocument.Parse(Body);
                return json.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw Unexpected(e.Message, e);
            }
        }

        // The request may well have done its work; a retry is safe (PUT, or a POST with its nonce) and finds out.
        public ChatDeliveryException Unexpected(string why, Exception? inner = null) =>
            new(ChatFailure.Transient, $"{What}: unexpected answer ({why}): {Excerpt(Body)}", inner: inner);
    }

    private async Task<Answer> SendAsync(HttpMethod method, string path, JsonNode body, CancellationToken ct,
        bool bot = true, string? shown = null, int? toleratedCode = null)
    {
        var what = $"Discord {method} {shown ?? path}";
        using var request = new HttpRequestMessage(method, Endpoint(path));
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (bot) request.Headers.TryAddWithoutValidation("Authorization", "Bot " + Configured(_options.BotToken, "BotToken"));
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        try
        {
            using var response = await _http.SendAsync(request, ct);
            var answer = new Answer(what, response.StatusCode, await response.Content.ReadAsStringAsync(ct));
            if (response.IsSuccessStatusCode) return answer;
            var error = ErrorOf(answer.Body);
            if (answer.Status == HttpStatusCode.BadRequest && error.Code is { } code && code == toleratedCode) return answer;
            throw Failure(answer, response, error);
        }
        catch (HttpRequestException e)
        {
            throw new ChatDeliveryException(ChatFailure.Transient, $"{what}: Discord could not be reached: {e.Message}", inner: e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            // HttpClient reports its own Timeout as a cancellation; only the caller's token means "stop".
            throw new ChatDeliveryException(ChatFailure.Transient, $"{what}: no answer within {_http.Timeout.TotalSeconds:0.###} s", inner: e);
        }
    }

    private static ChatDeliveryException Failure(Answer answer, HttpResponseMessage response, (int? Code, string Detail, double? RetryAfter) error)
    {
        var status = $"{(int)answer.Status} {response.ReasonPhrase}";
        if (answer.Status == HttpStatusCode.TooManyRequests)
        {
            // The header is rounded up to whole seconds, the body is precise; waiting for the longer never retries early.
            var header = response.Headers.TryGetValues("Retry-After", out var values)
                && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var h) ? h : (double?)null;
            var seconds = new[] { header, error.RetryAfter }.Where(s => s is >= 0 && double.IsFinite(s.Value)).Max();
            var wait = seconds is { } s ? TimeSpan.FromSeconds(s) : DefaultRetryAfter;
            return new ChatDeliveryException(ChatFailure.RateLimited, $"{answer.What}: {status}, retry after {wait.TotalSeconds:0.###} s", wait);
        }
        var detail = error.Code is not null ? error.Detail : $"{status}: {Excerpt(answer.Body)}";
        var failure = (int)answer.Status >= 500 ? ChatFailure.Transient : ChatFailure.Permanent;
        return new ChatDeliveryException(failure, $"{answer.What}: {detail}");
    }

    // Discord's error body: {"code": 50001, "message": "Missing Access"}, with "errors" naming the fields a 50035 refused.
    private static (int? Code, string Detail, double? RetryAfter) ErrorOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, "", null);
            int? code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : null;
            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var errors = root.TryGetProperty("errors", out var e) ? " " + Excerpt(e.GetRawText()) : "";
            double? retryAfter = root.TryGetProperty("retry_after", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetDouble() : null;
            return (code, $"{code} {message}{errors}", retryAfter);
        }
        catch (JsonException)
        {
            return (null, "", null);
        }
    }

    private Uri Endpoint(string path)
    {
        var root = _options.ApiBaseUrl.EndsWith('/') ? _options.ApiBaseUrl : _options.ApiBaseUrl + "/";
        return new Uri(new Uri(root), path);
    }

    private static string Configured(string? value, string name) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new ChatDeliveryException(ChatFailure.Permanent, $"Discord is not configured: Chat:Discord:{name} is empty")
            : value.Trim();

    private static string Id(string id) => Uri.EscapeDataString(id);

    private static string Excerpt(string text)
    {
        text = text.Trim();
        if (text.Length == 0) return "(empty body)";
        return text.Length <= ExcerptLength ? text : text[..ExcerptLength] + "…";
    }
}
