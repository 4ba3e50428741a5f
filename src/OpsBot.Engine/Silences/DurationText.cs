using System.Globalization;
using System.Text.RegularExpressions;

namespace OpsBot.Silences;

/// <summary>Durations as people type them in chat and amtool: 90m, 2h, 1h30m, 1d, 1w; also 02:00:00.</summary>
public static partial class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        if (text.Contains(':')) return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
        var match = Pattern().Match(text);
        if (!match.Success) return false;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = part.Value[^1];
            if (!long.TryParse(part.Value[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 100_000) return false;
            var add = unit switch
            {
                'w' => TimeSpan.FromDays(7 * n),
                'd' => TimeSpan.FromDays(n),
                'h' => TimeSpan.FromHours(n),
                'm' => TimeSpan.FromMinutes(n),
                _ => TimeSpan.FromSeconds(n),
            };
            // Many parts can add up beyond TimeSpan.MaxValue, where += would throw: text that long is no duration.
            if (add > TimeSpan.MaxValue - duration)
            {
                duration = TimeSpan.Zero;
                return false;
            }
            duration += add;
        }
        return duration > TimeSpan.Zero;
    }

    public static string Format(TimeSpan t)
    {
        var parts = new List<string>();
        if (t.Days > 0) parts.Add($"{t.Days}d");
        if (t.Hours > 0) parts.Add($"{t.Hours}h");
        if (t.Minutes > 0) parts.Add($"{t.Minutes}m");
        if (t.Seconds > 0 || parts.Count == 0) parts.Add($"{t.Seconds}s");
        return string.Concat(parts);
    }

    [GeneratedRegex("^(?<part>[0-9]+[wdhms])+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
