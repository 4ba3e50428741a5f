using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OpsBot.Bus;

/// <summary>
/// The transport under the pipeline's consumers. In memory, the SQLite inbox and outbox make the stages durable.
/// On RabbitMQ, every queue is durable (quorum), publishes wait for the broker's confirm, failing messages are
/// retried and then dead-lettered, and the order-keeping stages have one active consumer across all replicas.
/// </summary>
public static class BusSetup
{
    /// <summary>
    /// Stages whose messages must be applied in the order they were sent (ConcurrentMessageLimit 1 on one replica):
    /// the broker gives each of these queues to one replica at a time and hands it over when that replica goes.
    /// </summary>
    public static readonly IReadOnlySet<string> OrderedEndpoints = new HashSet<string> { "opsbot-dedupe", "opsbot-route", "opsbot-notify" };

    public static BusOptions Read(IConfiguration configuration) =>
        configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();

    public static void UseConfiguredTransport(this IBusRegistrationConfigurator bus, BusOptions options)
    {
        if (options.Kind != BusTransport.RabbitMq)
        {
            bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            return;
        }
        var rabbit = options.RabbitMq;
        bus.AddConfigureEndpointsCallback((context, name, endpoint) =>
        {
            if (endpoint is not IRabbitMqReceiveEndpointConfigurator queue) return;
            if (rabbit.QuorumQueues) queue.SetQuorumQueue();
            if (OrderedEndpoints.Contains(name)) queue.SingleActiveConsumer = true;
            // A failing stage (the database restarting, say) is tried again in place before its message is dead-lettered:
            // the order-keeping queues wait rather than let later messages overtake it.
            endpoint.UseMessageRetry(r => r.Exponential(rabbit.RetryLimit, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)));
        });
        bus.UsingRabbitMq((context, cfg) =>
        {
            cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, h =>
            {
                h.Username(rabbit.Username);
                h.Password(rabbit.Password);
                h.PublisherConfirmation = true;
                h.Heartbeat(TimeSpan.FromSeconds(10));
                h.RequestedConnectionTimeout(TimeSpan.FromSeconds(5));
            });
            cfg.ConfigureEndpoints(context);
        });
    }
}
