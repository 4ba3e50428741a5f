using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OpsBot.Alerts;
using OpsBot.Routing;
using OpsBot.Routing.Config;
using OpsBot.Routing.Model;

namespace OpsBot.Hosting.Verbs;

/// <summary>
/// route-test name=value ... [--at 2026-11-23T03:00:00+01:00, UTC without an offset] [--json]: where an alert with these labels would go and why,
/// like amtool config routes test. Uses the configuration only (silences live in the running service: POST /api/route-test).
/// </summary>
public static class RouteTestVerb
{
    public const string Usage = "usage: route-test name=value [name=value ...] [--at <ISO 8601 time>] [--json]";

    public static int Run(IConfiguration configuration, string[] args, TextWriter output, TextWriter error)
    {
        var labels = new Dictionary<string, string>();
        DateTimeOffset? at = null;
        var json = false;
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--json") json = true;
            else if (arg == "--at" && i + 1 < args.Length && DateTimeOffset.TryParse(args[++i], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)) at = when;
            else if (arg.IndexOf('=') is var eq and > 0) labels[arg[..eq]] = arg[(eq + 1)..].Trim('"');
            else return Fail(error, $"route-test: cannot read '{arg}'");
        }
        if (labels.Count == 0) return Fail(error, "route-test: give at least one label");

        RoutingConfiguration.Loaded loaded;
        try { loaded = RoutingConfiguration.Load(configuration); }
        catch (InvalidConfigurationException e)
        {
            error.WriteLine(e.Message);
            return 1;
        }
        var severity = SeverityParser.Parse(labels.GetValueOrDefault(LabelNames.Severity));
        var decision = new Router(loaded.Model).Decide(labels, severity, at ?? TimeProvider.System.GetUtcNow());
        if (json) output.WriteLine(JsonSerializer.Serialize(decision, new JsonSerializerOptions { WriteIndented = true }));
        else Print(output, labels, severity, decision);
        return 0;
    }

    public static void Print(TextWriter output, IReadOnlyDictionary<string, string> labels, Severity severity, RouteDecision decision)
    {
        output.WriteLine($"{{{string.Join(", ", labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}} severity {severity.ToString().ToLowerInvariant()} at {decision.At:u}");
        output.WriteLine($"host {decision.Host ?? "-"}, service {decision.Service ?? "-"}, environment {decision.Environment ?? "-"}");
        foreach (var t in decision.Targets)
        {
            var ids = string.Join(", ", new[] { t.Channel.Slack is null ? null : "slack " + t.Channel.Slack, t.Channel.Discord is null ? null : "discord " + t.Channel.Discord }.OfType<string>());
            output.WriteLine($"-> {t.Team} #{t.Channel.Name}{(ids.Length > 0 ? $" ({ids})" : "")}: {t.Urgency.ToString().ToUpperInvariant()}" +
                (t.Urgency == Urgency.Page && t.OnCall.Primary is { } p ? $" @{p.Id}" : ""));
            foreach (var reason in t.Reasons) output.WriteLine($"   {reason}");
        }
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine(message);
        error.WriteLine(Usage);
        return 2;
    }
}
