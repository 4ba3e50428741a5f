using System.ComponentModel.DataAnnotations;

namespace OpsBot.Bus;

public enum BusTransport { InMemory, RabbitMq }

public sealed class BusOptions : IValidatableObject
{
    public const string Section = "Bus";

    /// <summary>InMemory (embedded default: accepted alerts are made durable by the SQLite inbox) or RabbitMq (production).</summary>
    [Required] public string Transport { get; set; } = nameof(BusTransport.InMemory);

    public RabbitMqOptions RabbitMq { get; set; } = new();

    public BusTransport Kind => Routing.Config.EnumNames.TryParse<BusTransport>(Transport, out var kind) ? kind : BusTransport.InMemory;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Routing.Config.EnumNames.TryParse<BusTransport>(Transport, out var kind))
            yield return new ValidationResult($"Bus:Transport '{Transport}' is not one of {string.Join(", ", Enum.GetNames<BusTransport>())}", [nameof(Transport)]);
        else if (kind == BusTransport.RabbitMq && string.IsNullOrWhiteSpace(RabbitMq.Host))
            yield return new ValidationResult("Bus:RabbitMq:Host is required when Bus:Transport is RabbitMq", [nameof(RabbitMq)]);
    }
}

public sealed class RabbitMqOptions
{
    public string Host { get; set; } = "";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";

    /// <summary>Quorum queues (replicated, fsynced by the broker) for every OpsBot queue; off only for brokers older than 3.8.</summary>
    public bool QuorumQueues { get; set; } = true;

    /// <summary>Attempts of a failing message before it goes to its queue's _error (dead-letter) queue, spread over about two minutes.</summary>
    [Range(1, 50)] public int RetryLimit { get; set; } = 10;
}
