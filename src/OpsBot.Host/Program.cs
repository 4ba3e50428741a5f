using OpsBot.Hosting;
using OpsBot.Hosting.Verbs;
using OpsBot.Routing.Config;
using OpsBot.Storage;

// A verb (check-config, route-test) runs instead of the service; its arguments are not settings.
var verb = HostVerbs.Find(args);
var settings = verb is null ? args : [];
var builder = WebApplication.CreateBuilder(settings);
try
{
    builder.Configuration.AddOpsBotConfiguration(builder.Environment, settings);
}
catch (Exception e) when (e is FileNotFoundException or InvalidDataException or FormatException)
{
    Console.Error.WriteLine($"Cannot read the configuration: {e.Message}");
    return 2;
}
if (verb is not null) return HostVerbs.All[verb](builder.Configuration, args, Console.Out, Console.Error);

builder.Logging.AddOpsBotConsole();
builder.Services.AddOpsBot(builder.Configuration);

var app = builder.Build();
try
{
    await app.Services.InitializeStorageAsync();
    app.MapOpsBot();
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is InvalidConfigurationException or OutdatedDatabaseException or Microsoft.Extensions.Options.OptionsValidationException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

public partial class Program;
