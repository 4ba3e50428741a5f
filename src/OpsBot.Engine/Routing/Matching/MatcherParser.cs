using System.Text;

namespace OpsBot.Routing.Matching;

/// <summary>Reads Alertmanager matcher text; every error names the text it was given.</summary>
internal static class MatcherParser
{
    public static LabelMatcher Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var position = 0;
        SkipWhiteSpace(text, ref position);
        if (position == text.Length) throw Error(text, "empty matcher");

        var nameStart = position;
        while (position < text.Length && !char.IsWhiteSpace(text[position]) && !EndsLabelName(text[position]))
            position++;
        var name = text[nameStart..position];
        if (name.Length == 0) throw Error(text, $"missing label name before '{text[position]}'");

        SkipWhiteSpace(text, ref position);
        var op = ReadOperator(text, name, ref position);
        SkipWhiteSpace(text, ref position);
        var value = position < text.Length && text[position] == '"'
            ? ReadQuoted(text, ref position)
            : ReadBare(text, op, position);

        // Check compiles a regex that the constructor compiles again; the price of errors quoting the text as written.
        var problem = MatcherRules.Check(name, op, value, out _);
        if (problem is not null) throw Error(text, problem);
        return new LabelMatcher(name, op, value);
    }

    // Stopping at a quote too makes `"sev"="x"` a missing name rather than a name with quotes in it.
    private static bool EndsLabelName(char c) => c is '=' or '!' or '~' or '"';

    private static MatchOp ReadOperator(string text, string name, ref int position)
    {
        const string expected = "expected =, !=, =~ or !~";
        if (position == text.Length) throw Error(text, $"missing operator after label name '{name}' ({expected})");
        var next = position + 1 < text.Length ? text[position + 1] : '\0';
        (MatchOp Op, int Length)? found = (text[position], next) switch
        {
            ('=', '~') => (MatchOp.Regex, 2),
            ('=', _) => (MatchOp.Equal, 1),
            ('!', '=') => (MatchOp.NotEqual, 2),
            ('!', '~') => (MatchOp.NotRegex, 2),
            _ => null,
        };
        if (found is null) throw Error(text, $"unexpected '{text[position]}' after label name '{name}' ({expected})");
        position += found.Value.Length;
        return found.Value.Op;
    }

    private static string ReadQuoted(string text, ref int position)
    {
        var value = new StringBuilder();
        position++; // the opening quote
        while (true)
        {
            if (position >= text.Length) throw Error(text, "unterminated quoted value (missing closing '\"')");
            var c = text[position++];
            if (c == '"') break;
            if (c != '\\')
            {
                value.Append(c);
                continue;
            }
            if (position >= text.Length) throw Error(text, "unterminated quoted value (missing closing '\"')");
            var escaped = text[position++];
            value.Append(escaped switch
            {
                '"' => '"',
                '\\' => '\\',
                'n' => '\n',
                _ => throw Error(text, $"unknown escape '\\{escaped}' in quoted value (write '\\\\' for a backslash)"),
            });
        }
        SkipWhiteSpace(text, ref position);
        if (position < text.Length) throw Error(text, $"unexpected '{text[position..]}' after the closing quote");
        return value.ToString();
    }

    private static string ReadBare(string text, MatchOp op, int position)
    {
        var value = text[position..].TrimEnd();
        // `sev==x` is far more likely a typo than a value "=x"; a value that really starts so can be quoted.
        if (value.Length > 0 && value[0] is '=' or '!' or '~')
            throw Error(text, $"unexpected '{value[0]}' after operator '{MatcherRules.OperatorText(op)}' (quote the value if it starts with '{value[0]}')");
        // These characters delimit matchers and sets; unquoted they most likely mean several matchers run together.
        var special = value.IndexOfAny(['"', ',', '{', '}', '=']);
        if (special >= 0) throw Error(text, $"a bare value cannot contain '{value[special]}' (quote the whole value)");
        return value;
    }

    private static void SkipWhiteSpace(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position])) position++;
    }

    private static FormatException Error(string text, string problem) => new($"matcher '{text}': {problem}");
}
