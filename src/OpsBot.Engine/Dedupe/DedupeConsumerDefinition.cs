using MassTransit;

namespace OpsBot.Dedupe;

public sealed class DedupeConsumerDefinition : ConsumerDefinition<DedupeConsumer>
{
    public DedupeConsumerDefinition()
    {
        EndpointName = "opsbot-dedupe";
        // One message at a time: deliveries for the same alert are applied in the order they were accepted.
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<DedupeConsumer> consumer, IRegistrationContext context) =>
        endpoint.PrefetchCount = 16;
}
