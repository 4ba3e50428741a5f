using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsBot.Api;
using OpsBot.Digest;
using OpsBot.Escalation;
using OpsBot.Heartbeats;
using OpsBot.Notify;
using OpsBot.Outbox;
using OpsBot.Routing;
using OpsBot.Routing.Config;
using OpsBot.Scheduling;
using OpsBot.Silences;
using OpsBot.Storage;
using Quartz;

namespace OpsBot.Hosting;

/// <summary>Everything after dedupe: routing, silences, escalation, digests, heartbeats, the durable timers that drive them, and notification.</summary>
public static class RoutingServices
{
    /// <summary>A scheduler of our own: its clock is the system's even when a test injects another TimeProvider for "now".</summary>
    public const string SchedulerName = "opsbot";

    public static IServiceCollection AddOpsBotRouting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => RoutingConfiguration.Load(configuration));
        services.AddSingleton(sp => new Router(sp.GetRequiredService<RoutingConfiguration.Loaded>().Model));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<HeartbeatMonitor>(sp, sp.GetRequiredService<RoutingConfiguration.Loaded>().Heartbeats));
        services.AddOptions<SilenceOptions>().Bind(configuration.GetSection(SilenceOptions.Section));
        services.AddOptions<AlertmanagerOptions>().Bind(configuration.GetSection(AlertmanagerOptions.Section))
            .Validate(o => string.IsNullOrWhiteSpace(o.Url) || Uri.TryCreate(o.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https",
                "Alertmanager:Url must be an http(s) URL such as http://127.0.0.1:9093/")
            .ValidateOnStart();
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.Section));
        services.AddHttpClient(AlertmanagerSilences.HttpClientName);
        services.AddSingleton<AlertmanagerSilences>();
        services.AddSingleton<ApiWriteAccess>();

        services.AddScoped<PipelineTransaction>();
        services.AddScoped<Notifications>();
        services.AddScoped<DurableTimers>();
        services.AddScoped<SilenceBook>();
        services.AddScoped<SilenceService>();
        services.AddScoped<RouteStage>();
        services.AddScoped<AlertFollowUp>();
        services.AddScoped<EscalationPlanner>();
        services.AddScoped<WindowEndHandler>();
        services.AddScoped<ITimerHandler, EscalationHandler>();
        services.AddScoped<ITimerHandler, DigestHandler>();
        services.AddScoped<ITimerHandler>(sp => sp.GetRequiredService<WindowEndHandler>());
        services.AddScoped<ITimerHandler, SilenceReminderHandler>();

        services.AddSingleton<TimerRunner>();
        var poll = configuration.GetValue("Scheduling:PollInterval", TimeSpan.FromSeconds(1));
        var storage = StorageOptions.Read(configuration);
        var clustered = storage.Kind == StorageProvider.Postgres;
        services.AddQuartz(SchedulerName, q =>
        {
            // Quartz paces the poll on real time; what is due is decided by the injected clock inside the job.
            q.UseTimeProvider(TimeProvider.System);
            if (clustered) UseClusteredStore(q, storage.ConnectionString!);
            else q.UseInMemoryStore();
            q.AddJob<DueTimersJob>(j => j.WithIdentity(DueTimersJob.Key).DisallowConcurrentExecution());
            // Named, so that a replica starting against the clustered store replaces the trigger instead of adding a copy.
            q.AddTrigger<DueTimersJob>(t => t.WithIdentity(DueTimersJob.TriggerKey).ForJob(DueTimersJob.Key).StartNow()
                .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(poll).RepeatForever()));
        });
        services.AddQuartzHostedService(SchedulerName, o => o.WaitForJobsToComplete = true);
        services.AddHostedService<OutboxRelay>();
        return services;
    }

    /// <summary>
    /// Replicas share one Quartz store in PostgreSQL (its tables come with the migrations): the timers job runs on one
    /// replica at a time, and a replica that stops checking in has its work taken over by another.
    /// </summary>
    private static void UseClusteredStore(IQuartzBuilder q, string connectionString) =>
        q.UsePersistentStore(store =>
        {
            store.UsePostgres(connectionString);
            store.ConfigureStore(o => o.TablePrefix = Storage.Migrations.Postgres.QuartzStore.TablePrefix);
            store.UseSystemTextJsonSerializer();
            store.UseClustering(c =>
            {
                c.CheckinInterval = TimeSpan.FromSeconds(5);
                c.CheckinMisfireThreshold = TimeSpan.FromSeconds(15);
            });
        });
}
