using System.Text.Json;
using OpsBot.Routing;
using OpsBot.Routing.Model;
using OpsBot.Storage;

namespace OpsBot.Notify;

/// <summary>Writes notification rows (the notify stage's outbox) for the stages that decide to say something.</summary>
public sealed class Notifications(OpsBotDbContext db, Outbox.PipelineTransaction transaction, Observability.OpsBotMetrics metrics, TimeProvider clock)
{
    public NotificationRow Add(long? alertId, string team, Channel channel, string kind, string title, string text,
        IReadOnlyList<Member>? mentions = null, bool mentionChannel = false, int level = 0)
    {
        var row = new NotificationRow
        {
            AlertId = alertId,
            Team = team,
            Kind = kind,
            Level = level,
            Channel = channel.Name,
            SlackChannel = channel.Slack,
            DiscordChannel = channel.Discord,
            MentionsJson = JsonSerializer.Serialize(mentions ?? []),
            MentionChannel = mentionChannel,
            Title = title,
            Text = text,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Notifications.Add(row);
        transaction.OnCommitted(() => metrics.Notifications.Inc(team, kind));
        return row;
    }

    /// <summary>A message about an alert to one routed team.</summary>
    public NotificationRow AboutAlert(AlertStateRow alert, RouteTarget target, string kind, string text,
        IReadOnlyList<Member>? mentions = null, bool mentionChannel = false, int level = 0) =>
        Add(alert.Id, target.Team, target.Channel, kind, Title(alert), text, mentions, mentionChannel, level);

    public static string Title(AlertStateRow alert) =>
        $"[{alert.Severity.ToString().ToUpperInvariant()}] {alert.AlertName}: {alert.Summary} (#{alert.Id})";

    public static IReadOnlyList<Member> Mentions(string json) => JsonSerializer.Deserialize<List<Member>>(json) ?? [];
}
