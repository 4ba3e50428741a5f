using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpsBot.Chat.Discord;
using OpsBot.Commands;

namespace OpsBot.Chat.Inbound;

/// <summary>
/// POST /discord/interactions: the Ed25519 signature over timestamp and raw body is checked first (401 otherwise:
/// Discord sends bad signatures on purpose and removes endpoints that accept them), then PING, /ops commands and
/// button presses. Slow commands are deferred and finished through the interaction's webhook.
/// </summary>
public sealed class DiscordEndpoint(ChatInbound inbound, DiscordApiClient? discord)
{
    private const string Platform = "discord";
    private DiscordSignature? _signature;

    public async Task<IResult> HandleAsync(HttpContext http)
    {
        var key = inbound.Options.Discord.PublicKey;
        if (string.IsNullOrWhiteSpace(key)) return inbound.Refuse(Platform, 404, "not_configured", "Discord is not configured here (Chat:Discord:PublicKey is not set)");
        var body = await inbound.ReadBodyAsync(http.Request);
        if (body is null) return inbound.Refuse(Platform, 413, "too_large", $"the body is larger than {inbound.Options.MaxBodyBytes} bytes");
        _signature ??= new DiscordSignature(key);
        if (!_signature.Verify(http.Request.Headers["X-Signature-Ed25519"].ToString(), http.Request.Headers["X-Signature-Timestamp"].ToString(), body))
            return inbound.Refuse(Platform, 401, "bad_signature", "invalid request signature");

        DiscordInteraction interaction;
        try { interaction = DiscordInteraction.Parse(body); }
        catch (FormatException e) { return inbound.Refuse(Platform, 400, "malformed", e.Message); }
        if (interaction.Type == DiscordInteraction.Ping) return Results.Json(new { type = DiscordInteraction.PongCallback });
        if (!await inbound.Replays.FirstTimeAsync("discord:" + interaction.Id, http.RequestAborted)) return inbound.Refuse(Platform, 401, "replayed", "this interaction was already received");

        var who = new CommandContext(Platform, interaction.UserId ?? "unknown", interaction.UserName, interaction.ChannelId,
            inbound.People.Find(Platform, interaction.UserId));
        Func<CommandDispatcher, CancellationToken, Task<CommandReply>> work = interaction.Type switch
        {
            DiscordInteraction.ApplicationCommand => (d, ct) => d.RunAsync(who, interaction.CommandText ?? "help", ct),
            DiscordInteraction.MessageComponent => (d, ct) => d.PressAsync(who, interaction.CustomId ?? "", ct),
            _ => (_, _) => Task.FromResult(new CommandReply("OpsBot does not handle this kind of interaction.")),
        };
        var reply = await inbound.Runner.RunAsync(work, late => FollowUpAsync(interaction, late));
        return reply is null
            ? Results.Json(new { type = DiscordInteraction.DeferredChannelMessageCallback, data = new { flags = DiscordInteraction.EphemeralFlag } })
            : Results.Json(new { type = DiscordInteraction.ChannelMessageCallback, data = Message(reply) });
    }

    private static object Message(CommandReply reply) => new
    {
        content = reply.Text.Length > 2000 ? reply.Text[..1999] + "…" : reply.Text,
        flags = reply.InChannel ? 0 : DiscordInteraction.EphemeralFlag,
        allowed_mentions = new { parse = Array.Empty<string>() },
    };

    private async Task FollowUpAsync(DiscordInteraction interaction, CommandReply reply)
    {
        if (discord is null) return;
        try { await discord.EditOriginalResponseAsync(interaction.Token, reply.Text, !reply.InChannel, CancellationToken.None); }
        catch (ChatDeliveryException e) { inbound.Logger.LogWarning("Discord follow-up for interaction {Id} failed: {Error}", interaction.Id, e.Message); }
    }
}
