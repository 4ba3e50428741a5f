namespace OpsBot.Storage;

/// <summary>
/// A message for a team's channel. Written in the same transaction as the decision that caused it, so the row is
/// both the record of what was (or will be) said and the outbox the notify stage drains.
/// </summary>
public sealed class NotificationRow
{
    public long Id { get; set; }
    public long? AlertId { get; set; }
    public required string Team { get; set; }
    /// <summary>page, notify, escalation, acknowledged, resolved, digest, reminder.</summary>
    public required string Kind { get; set; }
    public int Level { get; set; }
    public required string Channel { get; set; }
    public string? SlackChannel { get; set; }
    public string? DiscordChannel { get; set; }
    /// <summary>Members to mention (JSON array of {id, name, slack, discord}).</summary>
    public required string MentionsJson { get; set; }
    /// <summary>Mention the whole channel (@here): nobody is on call, or an escalation calls the whole team.</summary>
    public bool MentionChannel { get; set; }
    public required string Title { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>For the first message about a fresh delivery: when that delivery arrived, to measure webhook-to-message latency.</summary>
    public DateTimeOffset? AlertReceivedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
}
