using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsBot.Chat;
using OpsBot.Chat.Discord;
using OpsBot.Chat.Inbound;
using OpsBot.Chat.Slack;
using OpsBot.Commands;
using OpsBot.Commands.Verbs;
using OpsBot.Notify;
using OpsBot.Notify.Cards;
using OpsBot.Notify.Delivery;
using OpsBot.Routing.Config;
using OpsBot.SourceSync;

namespace OpsBot.Hosting;

/// <summary>The notify stage's chat side (Slack, Discord, or the console when neither is configured) and the /ops commands.</summary>
public static class ChatServices
{
    public const string SlackHttpClient = "slack";
    public const string DiscordHttpClient = "discord";

    public static IServiceCollection AddOpsBotChat(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ChatOptions>().Bind(configuration.GetSection(ChatOptions.Section));
        services.AddOptions<PagerDutyRestOptions>().Bind(configuration.GetSection(PagerDutyRestOptions.Section));
        services.AddHttpClient(PagerDutyStatusSync.HttpClientName);
        services.AddSingleton<ChatDeliverySignal>();
        services.AddHostedService<ChatStartupWarnings>();
        services.AddScoped<CardActions>();
        services.AddScoped<AlertCardBuilder>();
        services.AddScoped<ChatDeliverer>();

        // The clients also answer commands (Slack's response_url, Discord's interaction webhook); posting alerts
        // needs the bot token (ChatPlatforms). Settings are read when services are built, not here: a host under test adds its settings after this runs.
        services.AddHttpClient(SlackHttpClient, (sp, http) => http.BaseAddress = BaseUrl(sp.GetRequiredService<IOptions<ChatOptions>>().Value.Slack.ApiBaseUrl));
        services.AddSingleton(sp => new SlackApiClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(SlackHttpClient), sp.GetRequiredService<IOptions<ChatOptions>>().Value.Slack, sp.GetRequiredService<TimeProvider>()));
        services.AddHttpClient(DiscordHttpClient, (sp, http) => http.BaseAddress = BaseUrl(sp.GetRequiredService<IOptions<ChatOptions>>().Value.Discord.ApiBaseUrl));
        services.AddSingleton(sp => new DiscordApiClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(DiscordHttpClient), sp.GetRequiredService<IOptions<ChatOptions>>().Value.Discord));
        services.AddSingleton<ChatPlatforms>();
        services.AddScoped<ChatOutbox>();
        services.AddScoped<ConsoleSink>();
        services.AddScoped<INotificationSink>(sp => sp.GetRequiredService<ChatPlatforms>().Enabled.Count > 0
            ? sp.GetRequiredService<ChatOutbox>()
            : sp.GetRequiredService<ConsoleSink>());
        services.AddHostedService<ChatDeliveryWorker>();
        services.AddSingleton<ReplayGuard>();
        services.AddSingleton<InteractionRunner>();
        services.AddSingleton<ChatInbound>();
        services.AddSingleton<SlackEndpoints>();
        services.AddSingleton<DiscordEndpoint>();

        services.AddSingleton(sp => new People(sp.GetRequiredService<RoutingConfiguration.Loaded>().Model));
        services.AddScoped<AuditLog>();
        services.AddScoped<AlertActions>();
        services.AddScoped<PagerDutyStatusSync>();
        services.AddScoped<AlertThread>();
        services.AddScoped<CommandDispatcher>();
        foreach (var command in new[] { typeof(HelpCommand), typeof(AlertsCommand), typeof(AckCommand), typeof(ResolveCommand), typeof(SilenceCommand), typeof(MaintenanceCommand), typeof(SilencesCommand),
                     typeof(UnsilenceCommand), typeof(OnCallCommand), typeof(WhyCommand), typeof(RouteTestCommand), typeof(RunbookCommand), typeof(HostCommand), typeof(FixCommand), typeof(ReportCommand) })
            services.AddScoped(typeof(IOpsCommand), command);
        return services;
    }

    public static IEndpointRouteBuilder MapOpsBotChat(this IEndpointRouteBuilder app)
    {
        app.MapPost("/slack/commands", (HttpContext http, SlackEndpoints slack) => slack.CommandAsync(http));
        app.MapPost("/slack/interactions", (HttpContext http, SlackEndpoints slack) => slack.InteractionAsync(http));
        app.MapPost("/discord/interactions", (HttpContext http, DiscordEndpoint discord) => discord.HandleAsync(http));
        return app;
    }

    private static Uri BaseUrl(string url) => new(url.EndsWith('/') ? url : url + "/");
}
