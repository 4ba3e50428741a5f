using System.Text;
using System.Text.RegularExpressions;

namespace OpsBot.Routing.Matching;

/// <summary>Validation, regex compilation and canonical text shared by <see cref="LabelMatcher"/> and its parser.</summary>
internal static class MatcherRules
{
    /// <summary>Bounds one regex evaluation so a pathological pattern cannot stall routing.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    // NonBacktracking runs in linear time and, like Alertmanager's RE2, refuses backreferences and lookarounds,
    // so a matcher OpsBot accepts is one Alertmanager accepts too. The timeout stays as a second guard.
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    public static Regex? BuildOrThrow(string name, MatchOp op, string value)
    {
        var problem = Check(name, op, value, out var regex);
        return problem is null ? regex : throw new FormatException($"matcher '{Canonical(name, op, value)}': {problem}");
    }

    /// <summary>Returns why the parts do not form a valid matcher, or null, with the compiled regex for regex operators.</summary>
    public static string? Check(string name, MatchOp op, string value, out Regex? regex)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (!Enum.IsDefined(op)) throw new ArgumentOutOfRangeException(nameof(op), op, "unknown matcher operator");
        regex = null;
        if (!IsLabelName(name)) return name.Length == 0 ? "missing label name" : $"invalid label name '{name}': must match [a-zA-Z_][a-zA-Z0-9_]*";
        if (op is MatchOp.Equal or MatchOp.NotEqual) return null;
        try
        {
            // \A and \z rather than ^ and $: .NET's $ also matches before a final newline, Go's does not.
            regex = new Regex(@"\A(?:" + value + @")\z", Options, MatchTimeout);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"invalid regular expression: {DescribeRegexError(value, e)}";
        }
        catch (NotSupportedException e)
        {
            return $"invalid regular expression: {e.Message}";
        }
    }

    /// <summary>null when the evaluation timed out.</summary>
    public static bool? TryMatch(Regex regex, string input)
    {
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    public static string OperatorText(MatchOp op) => op switch
    {
        MatchOp.Equal => "=",
        MatchOp.NotEqual => "!=",
        MatchOp.Regex => "=~",
        MatchOp.NotRegex => "!~",
        _ => op.ToString(),
    };

    public static string Canonical(string name, MatchOp op, string value)
    {
        var text = new StringBuilder(name.Length + value.Length + 5).Append(name).Append(OperatorText(op)).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append(@"\n"),
                _ => text.Append(c),
            };
        }
        return text.Append('"').ToString();
    }

    public static bool IsLabelName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_')) return false;
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        return true;
    }

    // The error from the wrapped pattern quotes \A(?:...)\z and offsets into it; the bare pattern's error speaks
    // about what the user wrote. Only on this failure path, so the second parse costs nothing in routing.
    private static string DescribeRegexError(string value, ArgumentException wrappedError)
    {
        try
        {
            _ = new Regex(value, Options, MatchTimeout);
        }
        catch (ArgumentException bareError)
        {
            return bareError.Message;
        }
        catch (NotSupportedException bareError)
        {
            return bareError.Message;
        }
        return wrappedError.Message;
    }
}
