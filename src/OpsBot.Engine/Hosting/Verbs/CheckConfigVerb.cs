using Microsoft.Extensions.Configuration;
using OpsBot.Handlers;
using OpsBot.Routing.Config;

namespace OpsBot.Hosting.Verbs;

/// <summary>check-config: validates appsettings/ (teams, ownership, heartbeats) and every handler in handlers/; exit 0 when usable, 1 with every problem named.</summary>
public static class CheckConfigVerb
{
    public static int Run(IConfiguration configuration, string[] args, TextWriter output, TextWriter error)
    {
        var problems = new List<string>();
        RoutingConfiguration.Loaded? loaded = null;
        try { loaded = RoutingConfiguration.Load(configuration); }
        catch (InvalidConfigurationException e) { problems.AddRange(e.Issues.Select(i => i.ToString())); }

        var handlersDir = HandlerCatalog.ResolveDirectory(configuration["Handlers:Directory"]);
        var (handlers, handlerIssues) = HandlerLoader.LoadDirectory(handlersDir);
        problems.AddRange(handlerIssues.Select(i => i.ToString()));

        if (problems.Count > 0)
        {
            foreach (var problem in problems) error.WriteLine(problem);
            error.WriteLine($"check-config: {problems.Count} problem(s)");
            return 1;
        }
        var model = loaded!.Model;
        output.WriteLine($"check-config: OK: {model.Teams.Count} team(s) ({string.Join(", ", model.Teams.Keys)}), default {model.DefaultTeam}, " +
            $"{model.Rules.Count} rule(s), {model.Inventory.Entries.Count} host(s), {model.ServiceTeams.Count} service(s), " +
            $"{loaded.Heartbeats.Count} heartbeat(s); {handlers.Count} handler(s) in {handlersDir}/");
        return 0;
    }
}
