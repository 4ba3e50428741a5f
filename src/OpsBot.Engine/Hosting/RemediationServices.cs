using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Diagnostics;
using OpsBot.Enrich;
using OpsBot.Handlers;
using OpsBot.Notify.Cards;
using OpsBot.Remediate;
using OpsBot.Routing;
using OpsBot.Scheduling;

namespace OpsBot.Hosting;

/// <summary>The handlers catalogue, the enrich stage (diagnostics) and the remediate stage (guarded fixes).</summary>
public static class RemediationServices
{
    public static IServiceCollection AddOpsBotRemediation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PrometheusOptions>().Bind(configuration.GetSection(PrometheusOptions.Section))
            .Validate(o => !o.Enabled || Uri.TryCreate(o.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https",
                "Prometheus:Url must be an http(s) URL such as http://127.0.0.1:9090/")
            .ValidateOnStart();
        services.AddOptions<SshOptions>().Bind(configuration.GetSection(SshOptions.Section));
        services.AddOptions<KubectlOptions>().Bind(configuration.GetSection(KubectlOptions.Section));
        services.AddOptions<FixOptions>().Bind(configuration.GetSection(FixOptions.Section));
        services.AddHttpClient(DiagnosticsRunner.PrometheusHttpClient, (sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<PrometheusOptions>>().Value;
            if (options.Enabled) http.BaseAddress = new Uri(options.Url!.EndsWith('/') ? options.Url : options.Url + "/");
            http.Timeout = options.Timeout;
        });
        services.AddHttpClient(FixExecutors.HttpClientName);

        services.AddSingleton(sp => new HandlerCatalog(
            HandlerCatalog.ResolveDirectory(sp.GetRequiredService<IConfiguration>()["Handlers:Directory"]),
            sp.GetRequiredService<Router>().Model.HostLabels, sp.GetRequiredService<ILogger<HandlerCatalog>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IRunbookSource, HandlerRunbooks>();
        services.AddSingleton(sp => new SshRunner(sp.GetRequiredService<IOptions<SshOptions>>().Value));
        services.AddSingleton(sp => new KubectlRunner(sp.GetRequiredService<IOptions<KubectlOptions>>().Value));
        services.AddScoped<DiagnosticsRunner>();
        services.AddScoped<HostLookup>();
        services.AddScoped<FixRuns>();
        services.AddScoped<FixExecutors>();
        services.AddScoped<ITimerHandler, VerifyFixHandler>();
        return services;
    }

    /// <summary>The weekly report (builder, schedule, retention) and the read-only web console.</summary>
    public static IServiceCollection AddOpsBotReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<Reports.ReportOptions>().Bind(configuration.GetSection(Reports.ReportOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebConsole.ConsoleOptions>().Bind(configuration.GetSection(WebConsole.ConsoleOptions.Section));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<Reports.ReportOptions>>().Value);
        services.AddScoped<Reports.ReportBuilder>();
        services.AddScoped<ITimerHandler, Reports.WeeklyReportHandler>();
        services.AddScoped<ITimerHandler, Reports.RetentionHandler>();
        services.AddHostedService<Reports.ReportScheduler>();
        return services;
    }
}
