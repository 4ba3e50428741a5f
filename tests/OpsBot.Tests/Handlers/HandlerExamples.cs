using System.Text.Json;
using OpsBot.Alerts;
using OpsBot.Handlers;
using OpsBot.Routing.Config;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Handlers;

/// <summary>The repository's handlers/ and the example alert pairs in handlers/examples/.</summary>
internal static class HandlerExamples
{
    /// <summary>Set to 1 to rewrite handlers/examples/*.expected.txt from the current rendering (then review the diff).</summary>
    public const string UpdateVariable = "OPSBOT_UPDATE_HANDLER_EXAMPLES";

    public static string Directory => Path.Combine(Fixtures.RepositoryRoot, "handlers");

    public static string ExamplesDirectory => Path.Combine(Directory, "examples");

    public static IReadOnlyList<string> HostLabels { get; } = new RoutingOptions().HostLabels;

    public static TheoryData<string> HandlerNames() => new(HandlerLoader.Files(Directory).Select(f => Path.GetFileNameWithoutExtension(f)));

    public static AlertContext ReadAlert(string path, out string alertName)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var labels = Strings(root, "labels");
        var annotations = Strings(root, "annotations");
        var sourceText = root.TryGetProperty("source", out var s) ? s.GetString() : "alertmanager";
        if (!EnumNames.TryParse<AlertSource>(sourceText, out var source)) throw new InvalidDataException($"{path}: unknown source '{sourceText}'");
        alertName = labels.GetValueOrDefault("alertname") ?? throw new InvalidDataException($"{path}: the example alert has no alertname label");
        return AlertContext.For(labels, annotations, source, HostLabels);
    }

    private static Dictionary<string, string> Strings(JsonElement root, string name) =>
        root.TryGetProperty(name, out var element)
            ? element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal)
            : [];
}
