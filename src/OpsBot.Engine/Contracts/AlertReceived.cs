using OpsBot.Alerts;

namespace OpsBot.Contracts;

/// <summary>Ingest accepted (and made durable) one alert delivery. EventId makes every later stage idempotent.</summary>
public sealed record AlertReceived(Guid EventId, Alert Alert);
