namespace OpsBot.Alerts;

public static class SeverityParser
{
    /// <summary>Maps the many spellings senders use onto four levels; anything unknown is a warning, never dropped.</summary>
    public static Severity Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "critical" or "crit" or "page" or "fatal" or "emergency" or "p1" or "high" => Severity.Critical,
        "error" or "err" or "major" or "p2" => Severity.Error,
        "info" or "informational" or "none" or "low" or "notice" => Severity.Info,
        _ => Severity.Warning,
    };

    /// <summary>Strict: only the four level names, for configuration where a typo must be an error.</summary>
    public static bool TryParseName(string? value, out Severity severity) =>
        Routing.Config.EnumNames.TryParse(value, out severity);
}
