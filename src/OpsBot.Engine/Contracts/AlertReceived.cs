using OpsBot.Alerts;

namespace OpsBot.Contracts;

/// <summary>One accepted (and durable) alert delivery. EventId makes every later stage idempotent.</summary>
public sealed record AlertReceived(Guid EventId, Alert Alert);
