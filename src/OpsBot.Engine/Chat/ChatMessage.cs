using OpsBot.Alerts;
using OpsBot.Routing.Model;

namespace OpsBot.Chat;

/// <summary>
/// What OpsBot wants to say, independent of any platform. Each adapter renders it in its own format
/// (Slack Block Kit, Discord embeds with buttons) and picks the platform's ids from <see cref="Mentions"/>.
/// </summary>
public sealed record ChatMessage
{
    /// <summary>Plain text: the notification's text, and the fallback a phone's lock screen shows.</summary>
    public required string Text { get; init; }
    /// <summary>The alert's card; null for plain messages (thread replies, digests, reminders, command answers).</summary>
    public AlertCard? Card { get; init; }
    /// <summary>People to notify; an adapter mentions those with an id on its platform.</summary>
    public IReadOnlyList<Member> Mentions { get; init; } = [];
    /// <summary>Mention the whole channel (@here).</summary>
    public bool MentionChannel { get; init; }
    /// <summary>A thread reply that should also show in the channel (Slack reply_broadcast; Discord ignores it).</summary>
    public bool Broadcast { get; init; }
}

public enum CardState { Firing, Acknowledged, Resolved }

/// <summary>One problem as its chat message shows it; re-rendered and edited in place as the alert changes.</summary>
public sealed record AlertCard
{
    public required long AlertId { get; init; }
    /// <summary>e.g. "[CRITICAL] InstanceDown: db-1 is down (#12)".</summary>
    public required string Title { get; init; }
    public required string Summary { get; init; }
    public required Severity Severity { get; init; }
    public required CardState State { get; init; }
    /// <summary>e.g. "Firing since 03:12 UTC", "Acknowledged by Anna at 03:20 UTC", "Resolved after 12m04s".</summary>
    public required string StateLine { get; init; }
    /// <summary>Where, since when, how often, owner and why; in order.</summary>
    public IReadOnlyList<CardField> Fields { get; init; } = [];
    public IReadOnlyList<string> RunbookSteps { get; init; } = [];
    public IReadOnlyList<AlertLink> Links { get; init; } = [];
    /// <summary>Empty once resolved.</summary>
    public IReadOnlyList<CardButton> Buttons { get; init; } = [];
}

public sealed record CardField(string Name, string Value, bool Inline = true);

public enum ButtonStyle { Default, Primary, Danger }

/// <summary>A button whose callback carries only <see cref="ActionId"/>, an opaque id the server resolves to an action on an alert.</summary>
public sealed record CardButton(string Label, string ActionId, ButtonStyle Style = ButtonStyle.Default);

/// <summary>Where a posted message lives: the channel and Slack's ts or Discord's message id.</summary>
public sealed record MessageRef(string ChannelId, string MessageId);
