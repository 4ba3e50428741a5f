using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OpsBot.Hosting;

/// <summary>Marks the bus ready once every receive endpoint reports healthy.</summary>
public sealed class BusReadinessProbe(IBusControl bus, ReadinessGate readiness, ILogger<BusReadinessProbe> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var health = await bus.WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
            if (health == BusHealthStatus.Healthy)
            {
                readiness.MarkReady(ReadinessGate.Bus);
                return;
            }
            logger.LogWarning("The bus is not healthy yet ({Status}); still waiting before taking webhooks", health);
        }
    }
}
