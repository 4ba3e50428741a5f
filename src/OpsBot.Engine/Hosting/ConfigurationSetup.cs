using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OpsBot.Hosting;

public static class ConfigurationSetup
{
    public const string ConfigDirVariable = "OPSBOT_CONFIG_DIR";
    public const string TeamsFileVariable = "OPSBOT_TEAMS_FILE";

    /// <summary>
    /// Loads appsettings/appsettings.json, appsettings/teams.json (or the file OPSBOT_TEAMS_FILE names) and
    /// appsettings/appsettings.{Environment}.json (from OPSBOT_CONFIG_DIR, else the copy next to the binary), then
    /// environment variables and the command line, which win.
    /// </summary>
    public static IConfigurationBuilder AddOpsBotConfiguration(this IConfigurationManager configuration, IHostEnvironment environment, string[] args)
    {
        var dir = Environment.GetEnvironmentVariable(ConfigDirVariable) is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppContext.BaseDirectory, "appsettings");
        configuration.AddJsonFile(Path.Combine(dir, "appsettings.json"), optional: false, reloadOnChange: false);
        var teams = Environment.GetEnvironmentVariable(TeamsFileVariable) is { Length: > 0 } teamsFile
            ? Path.GetFullPath(teamsFile)
            : Path.Combine(dir, "teams.json");
        configuration.AddJsonFile(teams, optional: false, reloadOnChange: false);
        configuration.AddJsonFile(Path.Combine(dir, $"appsettings.{environment.EnvironmentName}.json"), optional: true, reloadOnChange: false);
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args);
        return configuration;
    }

    /// <summary>One line per event, with the time, so a person can follow what happened.</summary>
    public static ILoggingBuilder AddOpsBotConsole(this ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        return logging;
    }
}
