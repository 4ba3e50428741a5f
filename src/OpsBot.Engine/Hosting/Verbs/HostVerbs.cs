using Microsoft.Extensions.Configuration;

namespace OpsBot.Hosting.Verbs;

/// <summary>Command-line verbs of the host that run instead of the service: OpsBot.Host &lt;verb&gt; [arguments].</summary>
public static class HostVerbs
{
    public static readonly IReadOnlyDictionary<string, Func<IConfiguration, string[], TextWriter, TextWriter, int>> All =
        new Dictionary<string, Func<IConfiguration, string[], TextWriter, TextWriter, int>>
        {
            ["check-config"] = CheckConfigVerb.Run,
            ["route-test"] = RouteTestVerb.Run,
            ["discord-register"] = DiscordRegisterVerb.Run,
            ["migrate"] = MigrateVerb.Run,
            ["dead-letters"] = DeadLettersVerb.Run,
        };

    /// <summary>The verb named by the first argument, if any; options (--x) and settings are not verbs.</summary>
    public static string? Find(string[] args) => args.Length > 0 && All.ContainsKey(args[0]) ? args[0] : null;
}
