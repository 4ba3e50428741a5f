using MassTransit;
using Microsoft.Extensions.Options;

namespace OpsBot.Dedupe;

public sealed class DedupeConsumerDefinition : ConsumerDefinition<DedupeConsumer>
{
    private readonly int _batchSize;

    public DedupeConsumerDefinition(IOptions<DedupeOptions> options)
    {
        _batchSize = options.Value.BatchSize;
        EndpointName = "opsbot-dedupe";
        // A batch only fills when the endpoint may hold that many messages at once.
        ConcurrentMessageLimit = _batchSize * 2;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<DedupeConsumer> consumer, IRegistrationContext context)
    {
        endpoint.PrefetchCount = _batchSize * 2;
        consumer.Options<BatchOptions>(o => o
            .SetMessageLimit(_batchSize)
            .SetTimeLimit(TimeSpan.FromMilliseconds(10))
            // One batch at a time: deliveries for the same alert are applied in order.
            .SetConcurrencyLimit(1));
    }
}
