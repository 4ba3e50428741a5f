using System.Text.RegularExpressions;

namespace OpsBot.Routing.Matching;

/// <summary>Derives the host an alert is about from its labels, reduced to a name the inventory can look up.</summary>
public static partial class HostNames
{
    /// <summary>
    /// A name safe to hand to ssh or to look up: letters, digits, dots, dashes and underscores, starting with a letter or
    /// digit (so it can never read as an option), at most 253 characters, and nothing after it (not even a newline).
    /// </summary>
    public static bool IsPlain(string? host) => host is not null && PlainName().IsMatch(host);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,252}\z")]
    private static partial Regex PlainName();

    /// <summary>
    /// The first non-blank label among <paramref name="hostLabels"/> (in that order), without a <c>scheme://</c> prefix,
    /// a path, a <c>:port</c> suffix, or the brackets of an IPv6 literal; null when none is set.
    /// </summary>
    public static string? FromLabels(IReadOnlyDictionary<string, string> labels, IReadOnlyList<string> hostLabels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(hostLabels);
        foreach (var label in hostLabels)
        {
            if (!labels.TryGetValue(label, out var value) || string.IsNullOrWhiteSpace(value)) continue;
            var host = Strip(value.Trim());
            if (host.Length > 0) return host;
        }
        return null;
    }

    /// <summary><c>https://[::1]:9100/metrics</c> → <c>::1</c>, <c>web-1:9100</c> → <c>web-1</c>; a bare <c>::1</c> stays.</summary>
    internal static string Strip(string value)
    {
        var host = value;
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0 && IsScheme(host.AsSpan(0, scheme))) host = host[(scheme + 3)..];
        // Blackbox-exporter instances are whole URLs; the path says nothing about the host.
        var path = host.IndexOfAny(['/', '?', '#']);
        if (path >= 0) host = host[..path];

        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']');
            var rest = close < 0 ? "" : host[(close + 1)..];
            return close > 1 && (rest.Length == 0 || IsPort(rest)) ? host[1..close] : host;
        }
        // More than one colon is an unbracketed IPv6 address, whose last group is no port.
        var colon = host.IndexOf(':');
        return colon >= 0 && colon == host.LastIndexOf(':') && IsPort(host[colon..]) ? host[..colon] : host;
    }

    private static bool IsPort(string suffix) =>
        suffix.Length > 1 && suffix[0] == ':' && suffix.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;

    // RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
    private static bool IsScheme(ReadOnlySpan<char> scheme)
    {
        if (!char.IsAsciiLetter(scheme[0])) return false;
        foreach (var c in scheme)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')) return false;
        return true;
    }
}
