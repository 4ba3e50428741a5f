using OpsBot.Hosting;
using OpsBot.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddOpsBotConfiguration(builder.Environment, args);
builder.Logging.AddOpsBotConsole();
builder.Services.AddOpsBot(builder.Configuration);

var app = builder.Build();
await app.Services.InitializeStorageAsync();
app.MapOpsBot();
await app.RunAsync();

public partial class Program;
