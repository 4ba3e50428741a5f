using Microsoft.EntityFrameworkCore;
using OpsBot.Chat;
using OpsBot.Notify.Cards;
using OpsBot.Storage;

namespace OpsBot.Notify.Delivery;

/// <summary>
/// Delivers one notification to one platform. The first message about an alert in a channel is its card; after
/// that the card is edited to the alert's current state and the event goes in the card's thread. What was posted
/// is stored at once, so a retry edits again (harmless) but never posts the same thing twice.
/// </summary>
public sealed class ChatDeliverer(OpsBotDbContext db, StoreWriteLock writeLock, AlertCardBuilder cards, TimeProvider clock)
{
    public async Task DeliverAsync(IChatPlatform platform, ChatDeliveryRow delivery, CancellationToken ct)
    {
        var n = await db.Notifications.AsNoTracking().FirstAsync(x => x.Id == delivery.NotificationId, ct);
        // The row id alone would repeat after a database is reset; with its creation time it cannot (Discord keeps nonces for minutes).
        var key = $"{delivery.Id}.{delivery.CreatedAt.ToUnixTimeMilliseconds()}";
        var mentions = Notifications.Mentions(n.MentionsJson);
        var alert = n.AlertId is { } id ? await db.Alerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) : null;
        if (alert is null)
        {
            if (delivery.PostedMessageId is null)
            {
                var plain = new ChatMessage { Text = $"{n.Title}\n{n.Text}", Mentions = mentions, MentionChannel = n.MentionChannel };
                await RecordPostAsync(delivery, await platform.PostAsync(delivery.ChannelId, plain, null, key, ct), null, ct);
            }
            return;
        }

        AlertCard card;
        // Under the lock: each platform's worker builds cards, and both must find (not both create) the alert's button ids,
        // which must be stored before anyone can press them.
        using (await writeLock.AcquireAsync(ct))
        {
            card = await cards.BuildAsync(alert, ct);
            await db.SaveChangesAsync(ct);
        }
        var cardMessage = new ChatMessage { Text = $"{n.Title}\n{n.Text}", Card = card, Mentions = mentions, MentionChannel = n.MentionChannel };
        var existing = await db.ChatMessages.AsNoTracking()
            .FirstOrDefaultAsync(m => m.AlertId == alert.Id && m.Platform == platform.Name && m.ChannelId == delivery.ChannelId, ct);
        if (existing is null)
        {
            var posted = await platform.PostAsync(delivery.ChannelId, cardMessage, null, key, ct);
            var row = new ChatMessageRow
            {
                AlertId = alert.Id, Platform = platform.Name, ChannelId = posted.ChannelId, MessageId = posted.MessageId, PostedAt = clock.GetUtcNow(),
            };
            await RecordPostAsync(delivery, posted, row, ct);
            return;
        }

        var cardRef = new MessageRef(existing.ChannelId, existing.MessageId);
        await platform.EditAsync(cardRef, cardMessage with { Mentions = [], MentionChannel = false }, ct);
        if (delivery.PostedMessageId is null)
        {
            var reply = new ChatMessage
            {
                Text = n.Text, Mentions = mentions, MentionChannel = n.MentionChannel,
                Broadcast = n.Kind is NotificationKind.Page or NotificationKind.Escalation,
            };
            await RecordPostAsync(delivery, await platform.PostAsync(delivery.ChannelId, reply, cardRef, key, ct), null, ct);
        }
        using (await writeLock.AcquireAsync(ct))
            await db.ChatMessages.Where(m => m.Id == existing.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.EditedAt, clock.GetUtcNow()), ct);
    }

    private async Task RecordPostAsync(ChatDeliveryRow delivery, MessageRef posted, ChatMessageRow? card, CancellationToken ct)
    {
        delivery.PostedMessageId = posted.MessageId;
        // Cancellation must not separate a post from its record: a post that happened is written down.
        using (await writeLock.AcquireAsync(CancellationToken.None))
        {
            if (card is not null) db.ChatMessages.Add(card);
            await db.ChatDeliveries.Where(d => d.Id == delivery.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.PostedMessageId, posted.MessageId), CancellationToken.None);
            await db.SaveChangesAsync(CancellationToken.None);
        }
    }
}
