namespace OpsBot.Handlers;

/// <summary>
/// What a value from an alert may look like before it becomes a command argument. Labels and annotations are written by
/// whoever can reach the alert sources, so they are treated as hostile: the executors quote every element for the
/// remote shell as well, and this is the layer that holds if that quoting ever fails.
/// </summary>
internal static class ArgumentSafety
{
    /// <returns>Null when the value may be used; otherwise the reason, naming <paramref name="source"/> and the character.</returns>
    public static string? CheckValue(string source, string? value)
    {
        if (string.IsNullOrEmpty(value)) return $"{source} is missing or empty";
        if (value[0] == '-') return $"{source}: a leading '-' is not allowed in a command argument (it would be read as an option)";
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiLetterOrDigit(c) || c == '/') continue;
            if (!IsPunctuationAllowed(c)) return $"{source}: {Show(c)} is not allowed in a command argument";
            if (i == 0) return $"{source}: {Show(c)} is not allowed at the start of a command argument";
        }
        if (HasParentSegment(value)) return $"{source}: a '..' path segment is not allowed in a command argument";
        return null;
    }

    public static bool HasParentSegment(string value) => value.Split('/').Contains("..");

    /// <summary>Under one of <paramref name="allowed"/> after collapsing "//" and "/./"; "/var/logs" is not under "/var/log".</summary>
    public static bool IsUnder(string path, IReadOnlyList<string> allowed)
    {
        var normalised = Normalise(path);
        foreach (var root in allowed)
        {
            var prefix = Normalise(root);
            if (prefix == "/" || normalised == prefix || normalised.StartsWith(prefix + "/", StringComparison.Ordinal)) return true;
        }
        return false;
    }

    public static string Normalise(string path) =>
        "/" + string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(segment => segment != "."));

    private static bool IsPunctuationAllowed(char c) => c is '.' or '_' or ':' or '@' or '=' or '+' or '-';

    private static string Show(char c) => c switch
    {
        '\n' => "a newline",
        '\r' => "a carriage return",
        '\t' => "a tab",
        _ when char.IsControl(c) => $"the control character U+{(int)c:X4}",
        _ when c > '\x7e' => $"the non-ASCII character U+{(int)c:X4}",
        _ => $"'{c}'",
    };
}
