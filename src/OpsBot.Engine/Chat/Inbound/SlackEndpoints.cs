using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpsBot.Chat.Slack;
using OpsBot.Commands;

namespace OpsBot.Chat.Inbound;

/// <summary>
/// POST /slack/commands and /slack/interactions. Each request is checked (size, signature over the raw body, age,
/// replay) before anything is parsed; the answer comes within Slack's three seconds, longer work via response_url.
/// </summary>
public sealed class SlackEndpoints(ChatInbound inbound, SlackApiClient? slack)
{
    private const string Platform = "slack";

    public async Task<IResult> CommandAsync(HttpContext http)
    {
        var (form, refusal) = await CheckAsync(http);
        if (refusal is not null) return refusal;
        if (SlackPayloads.IsSslCheck(form!)) return Results.Ok();
        SlackCommand command;
        try { command = SlackPayloads.ParseCommand(form!); }
        catch (FormatException e) { return inbound.Refuse(Platform, 400, "malformed", e.Message); }

        var who = Context(command.UserId, command.UserName, command.ChannelId);
        var reply = await inbound.Runner.RunAsync((d, ct) => d.RunAsync(who, command.Text, ct),
            late => RespondAsync(command.ResponseUrl, late));
        return reply is null
            ? Results.Json(new { response_type = "ephemeral", text = "Working on it…" })
            : Results.Json(new { response_type = reply.InChannel ? "in_channel" : "ephemeral", text = SlackRenderer.Escape(reply.Text) });
    }

    /// <summary>Button presses. Slack shows nothing from this answer, so it is an empty 200 at once and the result goes to response_url.</summary>
    public async Task<IResult> InteractionAsync(HttpContext http)
    {
        var (form, refusal) = await CheckAsync(http);
        if (refusal is not null) return refusal;
        SlackAction action;
        try { action = SlackPayloads.ParseAction(form!); }
        catch (FormatException e) { return inbound.Refuse(Platform, 400, "malformed", e.Message); }
        if (action.Type != "block_actions") return Results.Ok();

        var who = Context(action.UserId, action.UserName, action.ChannelId);
        var reply = await inbound.Runner.RunAsync((d, ct) => d.PressAsync(who, action.Value, ct), late => RespondAsync(action.ResponseUrl, late));
        if (reply is not null) _ = RespondAsync(action.ResponseUrl, reply);
        return Results.Ok();
    }

    private async Task<(IReadOnlyDictionary<string, string>? Form, IResult? Refusal)> CheckAsync(HttpContext http)
    {
        var secret = inbound.Options.Slack.SigningSecret;
        if (string.IsNullOrWhiteSpace(secret)) return (null, inbound.Refuse(Platform, 404, "not_configured", "Slack is not configured here (Chat:Slack:SigningSecret is not set)"));
        var body = await inbound.ReadBodyAsync(http.Request);
        if (body is null) return (null, inbound.Refuse(Platform, 413, "too_large", $"the body is larger than {inbound.Options.MaxBodyBytes} bytes"));
        var signature = http.Request.Headers["X-Slack-Signature"].ToString();
        var verdict = SlackSignature.Verify(secret, http.Request.Headers["X-Slack-Request-Timestamp"].ToString(), signature, body, inbound.Clock.GetUtcNow());
        if (!verdict.IsValid) return (null, inbound.Refuse(Platform, 401, "bad_signature", verdict.Reason));
        if (!await inbound.Replays.FirstTimeAsync("slack:" + signature, http.RequestAborted)) return (null, inbound.Refuse(Platform, 401, "replayed", "this signed request was already received"));
        try { return (SlackPayloads.ParseForm(Encoding.UTF8.GetString(body)), null); }
        catch (FormatException e) { return (null, inbound.Refuse(Platform, 400, "malformed", e.Message)); }
    }

    private CommandContext Context(string userId, string? userName, string? channelId) =>
        new(Platform, userId, userName, channelId, inbound.People.Find(Platform, userId));

    /// <summary>Replies quote alert text, which must not turn into mentions or links (&lt;!channel&gt;), so they are escaped.</summary>
    private async Task RespondAsync(string? responseUrl, CommandReply reply)
    {
        if (slack is null || string.IsNullOrEmpty(responseUrl)) return;
        try { await slack.RespondAsync(responseUrl, SlackRenderer.Escape(reply.Text), ephemeral: !reply.InChannel, CancellationToken.None); }
        catch (Exception e) when (e is ChatDeliveryException or ArgumentException)
        {
            inbound.Logger.LogWarning("Reply to Slack's response_url failed: {Error}", e.Message);
        }
    }
}
