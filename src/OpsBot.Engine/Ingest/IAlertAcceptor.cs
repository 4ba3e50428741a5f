using OpsBot.Contracts;

namespace OpsBot.Ingest;

/// <summary>
/// Makes accepted events durable before ingest answers 2xx, then hands them to the bus.
/// Embedded mode: committed to SQLite. Production mode: confirmed by the broker.
/// </summary>
public interface IAlertAcceptor
{
    /// <param name="deliveryKey">The sender's delivery id, when it has one; a key seen before is a retry and accepts nothing.</param>
    Task<AcceptOutcome> AcceptAsync(string? deliveryKey, IReadOnlyList<AlertReceived> events, CancellationToken ct);
}

public enum AcceptOutcome { Accepted, DuplicateDelivery }
