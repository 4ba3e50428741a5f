using OpsBot.Alerts;

namespace OpsBot.Contracts;

// The changes the dedupe stage finds, one record per state change. They travel together, in the order they happened,
// inside AlertChanges: one bus message and one routing transaction per dedupe transaction.

/// <summary>A new problem, or one that fired again after it had resolved (<paramref name="Reopened"/>).</summary>
public sealed record AlertOpened(Guid EventId, long AlertId, Alert Alert, bool Reopened);

/// <summary>An open alert's content changed (severity, summary, annotations) without a change of status.</summary>
public sealed record AlertUpdated(Guid EventId, long AlertId, Alert Alert);

public sealed record AlertAcknowledged(Guid EventId, long AlertId, Alert Alert);

/// <summary>An acknowledged alert is firing again without an acknowledgement (it timed out or was undone at the source).</summary>
public sealed record AlertUnacknowledged(Guid EventId, long AlertId, Alert Alert);

public sealed record AlertResolved(Guid EventId, long AlertId, Alert Alert, TimeSpan Duration);

/// <summary>The alert changed state more often than the flap threshold allows within the window.</summary>
public sealed record AlertFlapping(Guid EventId, long AlertId, Alert Alert, int Transitions, TimeSpan Window);
