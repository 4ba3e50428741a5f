using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsBot.Api;
using OpsBot.Bus;
using OpsBot.Dedupe;
using OpsBot.Ingest;
using OpsBot.Ingest.Alertmanager;
using OpsBot.Ingest.Broker;
using OpsBot.Ingest.Durable;
using OpsBot.Ingest.Events;
using OpsBot.Ingest.PagerDuty;
using OpsBot.Notify;
using OpsBot.Observability;
using OpsBot.Routing;
using OpsBot.Storage;
using OpsBot.Storage.Providers;

namespace OpsBot.Hosting;

/// <summary>The one place the pipeline is assembled: ingest → bus → dedupe → route → notify, with storage and operability around it.</summary>
public static class OpsBotServices
{
    public static IServiceCollection AddOpsBot(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHostedService<ConfigCheck>();
        services.AddSingleton(_ => ShiftedClock.From(configuration["Clock:StartAt"]));
        services.AddSingleton<OpsBotMetrics>();
        var readiness = new ReadinessGate().Require(ReadinessGate.Bus);
        // On the broker, accepting is publishing: there is no inbox to wait for.
        if (BusSetup.Read(configuration).Kind != BusTransport.RabbitMq) readiness.Require(ReadinessGate.Inbox);
        services.AddSingleton(readiness);
        return services.AddOpsBotStorage(configuration).AddOpsBotIngest(configuration).AddOpsBotRouting(configuration).AddOpsBotChat(configuration)
            .AddOpsBotRemediation(configuration).AddOpsBotReports(configuration).AddOpsBotBus(configuration);
    }

    public static IServiceCollection AddOpsBotStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<StoreWriteLock>();
        services.AddSingleton<ReplicaIdentity>();
        services.AddScoped<Leases>();
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        return services.AddOpsBotDbContext(StorageOptions.Read(configuration).Kind);
    }

    public static IServiceCollection AddOpsBotIngest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IngestServices>();
        services.AddHostedService<StartupWarnings>();
        services.AddSingleton<AlertmanagerEndpoint>();
        services.AddSingleton<PagerDutyEndpoint>();
        services.AddSingleton<EventsEndpoint>();
        if (BusSetup.Read(configuration).Kind == BusTransport.RabbitMq)
        {
            services.AddSingleton<IAlertAcceptor, BrokerAcceptor>();
            services.AddSingleton<IIngestBacklog, UnboundedIngestBacklog>();
            return services;
        }
        services.AddSingleton<SqliteInbox>();
        services.AddSingleton<IAlertAcceptor>(sp => sp.GetRequiredService<SqliteInbox>());
        services.AddSingleton<InboxFeed>();
        services.AddSingleton<IIngestBacklog>(sp => sp.GetRequiredService<InboxFeed>());
        return services;
    }

    public static IServiceCollection AddOpsBotBus(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DedupeOptions>().Bind(configuration.GetSection(DedupeOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BusOptions>().Bind(configuration.GetSection(BusOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var transport = BusSetup.Read(configuration);
        services.AddMassTransit(bus =>
        {
            // MassTransit reports usage to its vendor by default; an alerting service has no business calling out.
            bus.DisableUsageTelemetry();
            if (transport.Kind == BusTransport.RabbitMq)
            {
                services.AddScoped<DedupeConsumer>();
                bus.AddConsumer<DedupeBatchConsumer, DedupeBatchConsumerDefinition>();
            }
            else bus.AddConsumer<DedupeConsumer, DedupeConsumerDefinition>();
            bus.AddConsumer<RouteConsumer, RouteConsumerDefinition>();
            bus.AddConsumer<NotifyConsumer, NotifyConsumerDefinition>();
            bus.AddConsumer<Enrich.EnrichConsumer, Enrich.EnrichConsumerDefinition>();
            bus.AddConsumer<Remediate.FixExecutionConsumer, Remediate.FixExecutionConsumerDefinition>();
            bus.UseConfiguredTransport(transport);
        });
        services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        // Order matters: the bus starts first, then readiness is probed, then the inbox writer and its feed.
        services.AddHostedService<BusReadinessProbe>();
        if (transport.Kind == BusTransport.RabbitMq) return services;
        services.AddHostedService(sp => sp.GetRequiredService<SqliteInbox>());
        services.AddHostedService(sp => sp.GetRequiredService<InboxFeed>());
        return services;
    }

    public static IEndpointRouteBuilder MapOpsBot(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("/webhooks");
        webhooks.MapPost("/alertmanager", (HttpContext http, AlertmanagerEndpoint endpoint) => endpoint.HandleAsync(http));
        webhooks.MapPost("/pagerduty", (HttpContext http, PagerDutyEndpoint endpoint) => endpoint.HandleAsync(http));
        webhooks.MapPost("/events", (HttpContext http, EventsEndpoint endpoint) => endpoint.HandleAsync(http));
        app.MapAlertsApi();
        app.MapSilencesApi();
        app.MapRoutingApi();
        app.MapOperabilityApi();
        app.MapAuditApi();
        app.MapHostsApi();
        app.MapReportsApi();
        WebConsole.ConsoleEndpoints.MapConsole(app);
        app.MapOpsBotChat();
        return app;
    }
}
