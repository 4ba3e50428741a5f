using Microsoft.Extensions.Configuration;
using OpsBot.Routing.Config;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpsBot.Hosting.Verbs;

/// <summary>check-config: validates appsettings/ (teams, ownership, heartbeats) and handlers/; exit 0 when usable, 1 with every problem named.</summary>
public static class CheckConfigVerb
{
    public static int Run(IConfiguration configuration, string[] args, TextWriter output, TextWriter error)
    {
        var problems = new List<string>();
        RoutingConfiguration.Loaded? loaded = null;
        try { loaded = RoutingConfiguration.Load(configuration); }
        catch (InvalidConfigurationException e) { problems.AddRange(e.Issues.Select(i => i.ToString())); }

        var handlersDir = configuration["Handlers:Directory"] is { Length: > 0 } dir ? dir : "handlers";
        var handlerFiles = Directory.Exists(handlersDir)
            ? Directory.EnumerateFiles(handlersDir, "*.*").Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)).Order().ToList()
            : [];
        foreach (var file in handlerFiles) problems.AddRange(CheckYaml(file));

        if (problems.Count > 0)
        {
            foreach (var problem in problems) error.WriteLine(problem);
            error.WriteLine($"check-config: {problems.Count} problem(s)");
            return 1;
        }
        var model = loaded!.Model;
        output.WriteLine($"check-config: OK: {model.Teams.Count} team(s) ({string.Join(", ", model.Teams.Keys)}), default {model.DefaultTeam}, " +
            $"{model.Rules.Count} rule(s), {model.Inventory.Entries.Count} host(s), {model.ServiceTeams.Count} service(s), " +
            $"{loaded.Heartbeats.Count} heartbeat(s); {handlerFiles.Count} handler file(s) in {handlersDir}/ parse");
        return 0;
    }

    /// <summary>Handler files must be YAML mappings; the handler schema itself is checked where handlers are loaded.</summary>
    private static IEnumerable<string> CheckYaml(string file)
    {
        var stream = new YamlStream();
        string? problem = null;
        try
        {
            using var reader = File.OpenText(file);
            stream.Load(reader);
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode)
                problem = $"{file}: a handler file holds one YAML mapping (name:, match:, runbook: ...)";
        }
        catch (YamlException e)
        {
            problem = $"{file}:{e.Start.Line}:{e.Start.Column}: {e.Message}";
        }
        if (problem is not null) yield return problem;
    }
}
