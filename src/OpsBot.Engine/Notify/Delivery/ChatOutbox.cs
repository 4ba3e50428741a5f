using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsBot.Chat;
using OpsBot.Storage;

namespace OpsBot.Notify.Delivery;

/// <summary>
/// The sink used when chat platforms are configured: queues the notification once per platform whose channel id is
/// known, and wakes that platform's worker. Posting happens there, so a slow or broken platform never delays the other.
/// </summary>
public sealed class ChatOutbox(OpsBotDbContext db, StoreWriteLock writeLock, ChatPlatforms platforms, ChatDeliverySignal signal,
    Observability.OpsBotMetrics metrics, TimeProvider clock, ILogger<ChatOutbox> logger) : INotificationSink
{
    public string Name => "chat";

    public async Task DeliverAsync(NotificationRow notification, CancellationToken ct)
    {
        var queued = new List<string>();
        using (await writeLock.AcquireAsync(ct))
        {
            var already = await db.ChatDeliveries.Where(d => d.NotificationId == notification.Id).Select(d => d.Platform).ToListAsync(ct);
            foreach (var platform in platforms.Enabled)
            {
                var channel = ChannelOn(platform.Name, notification);
                if (channel is null)
                {
                    metrics.ChatDeliveries.Inc(platform.Name, "no_channel");
                    logger.LogWarning("Channel {Channel} of team {Team} has no {Platform} id; notification {Id} is not posted there",
                        notification.Channel, notification.Team, platform.Name, notification.Id);
                    continue;
                }
                if (!already.Contains(platform.Name))
                {
                    db.ChatDeliveries.Add(new ChatDeliveryRow
                    {
                        NotificationId = notification.Id, Platform = platform.Name, ChannelId = channel, CreatedAt = clock.GetUtcNow(),
                    });
                }
                queued.Add(platform.Name);
            }
            await db.SaveChangesAsync(ct);
        }
        foreach (var platform in queued) signal.Wake(platform);
    }

    public static string? ChannelOn(string platform, NotificationRow n) => platform switch
    {
        "slack" => n.SlackChannel,
        "discord" => n.DiscordChannel,
        _ => null,
    };
}
