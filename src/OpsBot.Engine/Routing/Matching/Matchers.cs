namespace OpsBot.Routing.Matching;

/// <summary>Lists of matchers: parsing them one per string or as one <c>{a="b", c=~"d"}</c> set, and matching them all.</summary>
public static class Matchers
{
    /// <exception cref="FormatException">Some text is not a valid matcher.</exception>
    public static IReadOnlyList<LabelMatcher> ParseAll(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return texts.Select(LabelMatcher.Parse).ToArray();
    }

    /// <summary>
    /// Parses a comma-separated set, braced as Prometheus writes it (<c>{a="b", c=~"d"}</c>) or bare (<c>a="b", c=~"d"</c>).
    /// Commas inside quoted values do not split; one trailing comma is allowed; <c>{}</c> is the empty set.
    /// </summary>
    /// <exception cref="FormatException">Unbalanced braces, an empty element, or an invalid matcher.</exception>
    public static IReadOnlyList<LabelMatcher> ParseSet(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = text.Trim();
        if (body.StartsWith('{') != body.EndsWith('}'))
            throw new FormatException($"matcher set '{text}': unbalanced braces");
        if (body.StartsWith('{')) body = body[1..^1];

        var elements = SplitOutsideQuotes(body);
        if (elements.Count == 1 && elements[0].Trim().Length == 0) return [];
        if (elements.Count > 1 && elements[^1].Trim().Length == 0) elements.RemoveAt(elements.Count - 1);

        var matchers = new List<LabelMatcher>(elements.Count);
        for (var i = 0; i < elements.Count; i++)
        {
            if (elements[i].Trim().Length == 0) throw new FormatException($"matcher set '{text}': element {i + 1} is empty");
            matchers.Add(LabelMatcher.Parse(elements[i].Trim()));
        }
        return matchers;
    }

    /// <summary>True when every matcher matches; an empty list matches everything, as an Alertmanager route without matchers does.</summary>
    public static bool AllMatch(IReadOnlyList<LabelMatcher> matchers, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        ArgumentNullException.ThrowIfNull(labels);
        for (var i = 0; i < matchers.Count; i++)
            if (!matchers[i].Matches(labels)) return false;
        return true;
    }

    // An unterminated quote simply runs to the end; the element's own parse then reports it precisely.
    private static List<string> SplitOutsideQuotes(string body)
    {
        var elements = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < body.Length; i++)
        {
            if (quoted && body[i] == '\\') i++;
            else if (body[i] == '"') quoted = !quoted;
            else if (!quoted && body[i] == ',')
            {
                elements.Add(body[start..i]);
                start = i + 1;
            }
        }
        elements.Add(body[start..]);
        return elements;
    }
}
