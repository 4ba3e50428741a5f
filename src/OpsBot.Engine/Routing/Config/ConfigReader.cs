using NodaTime;
using NodaTime.Text;
using OpsBot.Routing.Model;

namespace OpsBot.Routing.Config;

/// <summary>Collects configuration issues, and reads the values several sections share, turning bad text into an issue at its key.</summary>
public abstract class ConfigReader
{
    private readonly List<ConfigIssue> _issues = [];

    public IReadOnlyList<ConfigIssue> Issues => _issues;

    internal Urgency? ParseUrgency(string text, string key)
    {
        if (EnumNames.TryParse<Urgency>(text, out var u)) return u;
        Add(key, $"'{text}' is not page, notify or digest");
        return null;
    }

    internal LocalDate? ParseDate(string text, string key)
    {
        var result = LocalDatePattern.Iso.Parse(text);
        if (result.Success) return result.Value;
        Add(key, $"'{text}' is not a date like 2026-12-25");
        return null;
    }

    internal LocalTime? ParseTime(string text, string key)
    {
        var result = LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(text);
        if (result.Success) return result.Value;
        Add(key, $"'{text}' is not a time like 09:00");
        return null;
    }

    internal LocalDateTime? ParseDateTime(string text, string key)
    {
        var result = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm").Parse(text);
        if (result.Success) return result.Value;
        Add(key, $"'{text}' is not a local date and time like 2026-12-24T18:00");
        return null;
    }

    internal void Add(string key, string message) => _issues.Add(new ConfigIssue(key, message));

    internal static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    internal static string Known(IEnumerable<string> names) =>
        string.Join(", ", names.Order(StringComparer.OrdinalIgnoreCase).DefaultIfEmpty("none"));
}
