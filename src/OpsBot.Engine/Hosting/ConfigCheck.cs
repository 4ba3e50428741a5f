using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpsBot.Routing.Config;

namespace OpsBot.Hosting;

/// <summary>Registered first: the routing configuration is validated before anything starts, and a bad one stops the start.</summary>
public sealed class ConfigCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<RoutingConfiguration.Loaded>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
