using System.Text.RegularExpressions;
using OpsBot.Alerts;

namespace OpsBot.Dedupe;

/// <summary>The keys under which dedupe looks an alert up: its own fingerprint, then the keys it may share with other sources.</summary>
public static partial class CorrelationKeys
{
    public static string FingerprintKey(string fingerprint) => "fp:" + fingerprint;

    public static IEnumerable<string> CorrelationKeysOf(Alert alert, IEnumerable<string> templates) =>
        alert.CorrelationKeys.Concat(templates.Select(t => Render(t, alert.Labels)).OfType<string>())
            .Select(k => "ck:" + k).Distinct();

    public static string? Render(string template, IReadOnlyDictionary<string, string> labels)
    {
        var missing = false;
        var rendered = Placeholder().Replace(template, m =>
        {
            // As in Prometheus, a label with an empty value is no label at all.
            if (labels.TryGetValue(m.Groups[1].Value, out var value) && value.Length > 0) return value;
            missing = true;
            return "";
        });
        return missing || rendered.Length == 0 ? null : rendered;
    }

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();
}
