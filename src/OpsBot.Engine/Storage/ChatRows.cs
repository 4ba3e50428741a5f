namespace OpsBot.Storage;

/// <summary>An alert's card in one chat channel: posted once, then edited as the alert changes; follow-ups go in its thread.</summary>
public sealed class ChatMessageRow
{
    public long Id { get; set; }
    public long AlertId { get; set; }
    /// <summary>slack or discord.</summary>
    public required string Platform { get; set; }
    public required string ChannelId { get; set; }
    /// <summary>Slack's ts or Discord's message id.</summary>
    public required string MessageId { get; set; }
    public DateTimeOffset PostedAt { get; set; }
    public DateTimeOffset? EditedAt { get; set; }
}

public enum ChatDeliveryState { Pending, Delivered, Failed }

/// <summary>One notification on its way to one platform. Each platform drains its own rows, so one that is down never holds up the other.</summary>
public sealed class ChatDeliveryRow
{
    public long Id { get; set; }
    public long NotificationId { get; set; }
    public required string Platform { get; set; }
    public required string ChannelId { get; set; }
    public ChatDeliveryState State { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    /// <summary>The message this delivery posted (the card, or its thread reply), so a retry after a crash does not post it again.</summary>
    public string? PostedMessageId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>What a button on a card does. Buttons carry only the opaque <see cref="Id"/>; the server resolves it here.</summary>
public sealed class ChatActionRow
{
    public required string Id { get; set; }
    public long AlertId { get; set; }
    /// <summary>ack, resolve, silence-1h, runbook.</summary>
    public required string Action { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Append-only record of every command and button press from chat: who, where, what, on what, and how it ended.</summary>
public sealed class AuditRow
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Platform { get; set; }
    public required string UserId { get; set; }
    /// <summary>The member the chat user maps to; null for someone OpsBot does not know.</summary>
    public string? Person { get; set; }
    /// <summary>The verb, or "button:ack" and the like.</summary>
    public required string Action { get; set; }
    public string? Target { get; set; }
    /// <summary>ok, denied, invalid, failed.</summary>
    public required string Result { get; set; }
    public string? Detail { get; set; }
}
