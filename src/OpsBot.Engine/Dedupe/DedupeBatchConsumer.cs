using MassTransit;
using OpsBot.Contracts;

namespace OpsBot.Dedupe;

/// <summary>
/// Dedupe on the broker. Each webhook is its own message there (the embedded inbox instead gathers a backlog into
/// large messages), so this takes up to <see cref="MessageLimit"/> queued messages at once, in queue order, and
/// commits them in one transaction: one PostgreSQL commit for a burst rather than one per webhook.
/// </summary>
public sealed class DedupeBatchConsumer(DedupeConsumer dedupe) : IConsumer<Batch<AlertsAccepted>>
{
    public const int MessageLimit = 50;

    public Task Consume(ConsumeContext<Batch<AlertsAccepted>> context) =>
        dedupe.ApplyAsync(context.Message.SelectMany(m => m.Message.Alerts), context, context.CancellationToken);
}

public sealed class DedupeBatchConsumerDefinition : ConsumerDefinition<DedupeBatchConsumer>
{
    public DedupeBatchConsumerDefinition()
    {
        EndpointName = "opsbot-dedupe";
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<DedupeBatchConsumer> consumer, IRegistrationContext context)
    {
        // Room for a whole batch in flight; one batch at a time keeps the queue's order.
        endpoint.PrefetchCount = DedupeBatchConsumer.MessageLimit * 2;
        consumer.Options<BatchOptions>(o => o
            .SetMessageLimit(DedupeBatchConsumer.MessageLimit)
            .SetTimeLimit(TimeSpan.FromMilliseconds(20))
            .SetConcurrencyLimit(1));
    }
}
