namespace OpsBot.Contracts;

/// <summary>
/// From routing, escalation, digests and reminders to the notify stage: a stored notification is ready to deliver.
/// The row (table notifications) holds the content; the message carries only its id, so a replay delivers the same thing.
/// </summary>
public sealed record NotificationRequested(long NotificationId);
