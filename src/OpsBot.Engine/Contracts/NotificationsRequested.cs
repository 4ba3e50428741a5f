namespace OpsBot.Contracts;

/// <summary>
/// From routing, escalation, digests and reminders to the notify stage: stored notifications are ready to deliver,
/// in this order. The rows (table notifications) hold the content; the message carries only their ids, so a replay
/// delivers the same thing.
/// </summary>
public sealed record NotificationsRequested(List<long> NotificationIds);
