using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OpsBot.Tests.Support;

// Slack Web API chat.postMessage / chat.update and response_url posts (PROTOCOLS.md §1.2, §1.5, §1.6).
public sealed partial class FakeChatApi
{
    // Slack timestamps look like epoch seconds with six decimals; these stay unique and sort in posting order.
    private const long SlackEpochSeconds = 1_700_000_000;

    private readonly List<SlackEntry> _slackMessages = [];
    private readonly List<FakeResponseUrlPost> _responseUrlPosts = [];
    private long _slackSequence;

    /// <summary>The bot token Slack requests must carry as "Authorization: Bearer …".</summary>
    public string SlackToken { get; set; } = "xoxb-test";

    /// <summary>Channels chat.postMessage accepts; while empty, every channel exists.</summary>
    public FakeChannelSet SlackChannels { get; } = new();

    public IReadOnlyList<FakeSlackMessage> SlackMessages
    {
        get { lock (_gate) return [.. _slackMessages.Select(m => m.Snapshot())]; }
    }

    /// <summary>Bodies posted to response URLs under <see cref="SlackResponseUrlBase"/>, in arrival order.</summary>
    public IReadOnlyList<FakeResponseUrlPost> ResponseUrlPosts
    {
        get { lock (_gate) return [.. _responseUrlPosts.Select(p => p with { Body = Copy(p.Body) })]; }
    }

    private void MapSlack(IEndpointRouteBuilder app)
    {
        app.MapPost("/slack/api/chat.postMessage", PostSlackMessageAsync);
        app.MapPost("/slack/api/chat.update", UpdateSlackMessageAsync);
        app.MapPost("/slack/hooks/{**path}", PostToResponseUrlAsync);
    }

    private async Task PostSlackMessageAsync(HttpContext context)
    {
        var (args, error) = await ReadSlackCallAsync(context);
        if (error is null)
        {
            var channel = StringOf(args!["channel"]);
            var text = StringOf(args["text"]);
            var blocks = args["blocks"];
            if (string.IsNullOrEmpty(channel) || !SlackChannels.Accepts(channel)) error = "channel_not_found";
            else if (blocks is not null and not JsonArray) error = "invalid_blocks_format";
            else if (string.IsNullOrEmpty(text) && blocks is not JsonArray { Count: > 0 } && args["attachments"] is null) error = "no_text";
            else
            {
                JsonObject answer;
                lock (_gate)
                {
                    var entry = new SlackEntry(channel, NextSlackTs(), StringOf(args["thread_ts"]), BoolOf(args["reply_broadcast"]), Copy(args["metadata"]));
                    entry.Revisions.Add(new FakeSlackRevision(text, Copy(blocks)));
                    _slackMessages.Add(entry);
                    answer = new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = entry.Ts, ["message"] = entry.MessageJson() };
                }
                await WriteJsonAsync(context, 200, answer);
                return;
            }
        }
        await WriteSlackErrorAsync(context, error);
    }

    private async Task UpdateSlackMessageAsync(HttpContext context)
    {
        var (args, error) = await ReadSlackCallAsync(context);
        if (error is null)
        {
            var channel = StringOf(args!["channel"]);
            var ts = StringOf(args["ts"]);
            var blocks = args["blocks"];
            var hasText = args.ContainsKey("text");
            if (string.IsNullOrEmpty(channel) || !SlackChannels.Accepts(channel)) error = "channel_not_found";
            else if (blocks is not null and not JsonArray) error = "invalid_blocks_format";
            else if (!hasText && !args.ContainsKey("blocks")) error = "no_text";
            else
            {
                JsonObject? answer = null;
                lock (_gate)
                {
                    var entry = _slackMessages.Find(m => m.Channel == channel && m.Ts == ts);
                    if (entry is not null)
                    {
                        var current = entry.Revisions[^1];
                        // Slack keeps the old blocks only when neither text nor blocks is sent; text alone drops them.
                        var newBlocks = args.ContainsKey("blocks") ? Copy(blocks) : null;
                        var newText = hasText ? StringOf(args["text"]) : current.Text;
                        entry.Revisions.Add(new FakeSlackRevision(newText, newBlocks));
                        answer = new JsonObject
                        {
                            ["ok"] = true, ["channel"] = channel, ["ts"] = ts, ["text"] = newText, ["message"] = entry.MessageJson(),
                        };
                    }
                }
                if (answer is not null)
                {
                    await WriteJsonAsync(context, 200, answer);
                    return;
                }
                error = "message_not_found";
            }
        }
        await WriteSlackErrorAsync(context, error);
    }

    private async Task PostToResponseUrlAsync(HttpContext context)
    {
        var body = await ReadJsonAsync(context);
        if (body is not JsonObject)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("invalid_payload");
            return;
        }
        lock (_gate) _responseUrlPosts.Add(new FakeResponseUrlPost(RouteValue(context, "path") ?? "", body));
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync("ok");
    }

    /// <summary>
    /// The call's arguments as one JSON object, from a JSON or a form body, or the "error" Slack would answer. Slack
    /// reports auth and argument problems as HTTP 200 with ok:false, so callers must read the body, not the status.
    /// </summary>
    private async Task<(JsonObject? Args, string? Error)> ReadSlackCallAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length == 0) return (null, "not_authed");
        if (authorization != "Bearer " + SlackToken) return (null, "invalid_auth");

        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var args = new JsonObject();
            foreach (var (key, value) in form)
                args[key] = key is "blocks" or "metadata" or "attachments" ? ParseOrText(value.ToString()) : value.ToString();
            return (args, null);
        }
        return await ReadJsonAsync(context) is JsonObject json ? (json, null) : (null, "invalid_json");
    }

    private static JsonNode? ParseOrText(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private static Task WriteSlackErrorAsync(HttpContext context, string? error) =>
        WriteJsonAsync(context, 200, new JsonObject { ["ok"] = false, ["error"] = error });

    private string NextSlackTs()
    {
        var n = ++_slackSequence;
        return string.Create(CultureInfo.InvariantCulture, $"{SlackEpochSeconds + n / 10_000}.{n % 10_000 * 100:D6}");
    }

    private void DescribeSlack(StringBuilder text)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"slack messages ({_slackMessages.Count}):");
        foreach (var m in _slackMessages)
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {m.Channel} {m.Ts}{(m.ThreadTs is null ? "" : " in thread " + m.ThreadTs)} edits={m.Revisions.Count - 1}: {m.Revisions[^1].Text}");
        text.AppendLine(CultureInfo.InvariantCulture, $"slack response_url posts ({_responseUrlPosts.Count}):");
        foreach (var p in _responseUrlPosts) text.AppendLine(CultureInfo.InvariantCulture, $"  {p.Path}: {p.Body?.ToJsonString()}");
    }

    private sealed class SlackEntry(string channel, string ts, string? threadTs, bool replyBroadcast, JsonNode? metadata)
    {
        public string Channel { get; } = channel;
        public string Ts { get; } = ts;
        public string? ThreadTs { get; } = threadTs;
        public List<FakeSlackRevision> Revisions { get; } = [];

        public FakeSlackMessage Snapshot() =>
            new(Channel, Ts, ThreadTs, replyBroadcast, Copy(metadata), [.. Revisions.Select(r => r with { Blocks = Copy(r.Blocks) })]);

        // The fields OpsBot may read back; the shape follows slack-chat-postMessage-response.json.
        public JsonObject MessageJson()
        {
            var current = Revisions[^1];
            var message = new JsonObject
            {
                ["type"] = "message", ["subtype"] = "bot_message", ["bot_id"] = "B0FAKEBOT", ["text"] = current.Text, ["ts"] = Ts,
            };
            if (current.Blocks is not null) message["blocks"] = Copy(current.Blocks);
            if (ThreadTs is not null) message["thread_ts"] = ThreadTs;
            if (metadata is not null) message["metadata"] = Copy(metadata);
            return message;
        }
    }
}
