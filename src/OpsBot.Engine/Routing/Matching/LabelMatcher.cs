using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OpsBot.Routing.Matching;

/// <summary>
/// One Alertmanager label matcher such as <c>severity="critical"</c> or <c>instance=~"web-[0-9]+"</c>.
/// Construction validates the name and compiles a regex once; an invalid matcher cannot exist.
/// </summary>
public sealed record LabelMatcher(string Name, MatchOp Op, string Value)
{
    // Get-only rather than init: a `with` expression must not pair a new value with the regex compiled for the old one.
    public string Name { get; } = Name;

    public MatchOp Op { get; } = Op;

    public string Value { get; } = Value;

    private readonly Regex? _regex = MatcherRules.BuildOrThrow(Name, Op, Value);

    /// <summary>True for <c>=~</c> and <c>!~</c> (Alertmanager API v2 <c>isRegex</c>).</summary>
    public bool IsRegex => Op is MatchOp.Regex or MatchOp.NotRegex;

    /// <summary>True for <c>=</c> and <c>=~</c> (Alertmanager API v2 <c>isEqual</c>).</summary>
    public bool IsEqual => Op is MatchOp.Equal or MatchOp.Regex;

    /// <summary>Parses <c>name=value</c>, <c>name!=value</c>, <c>name=~re</c> or <c>name!~re</c>; the value bare or double-quoted.</summary>
    /// <exception cref="FormatException">The text is not a valid matcher; the message quotes it and says why.</exception>
    public static LabelMatcher Parse(string text) => MatcherParser.Parse(text);

    /// <exception cref="FormatException">The name is not a valid label name or the regex does not compile.</exception>
    public static LabelMatcher Create(string name, MatchOp op, string value) => new(name, op, value);

    /// <summary>Alertmanager semantics: a missing label counts as the empty string; regexes must match the whole value.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var actual = labels.TryGetValue(Name, out var found) && found is not null ? found : "";
        return Op switch
        {
            MatchOp.Equal => string.Equals(actual, Value, StringComparison.Ordinal),
            MatchOp.NotEqual => !string.Equals(actual, Value, StringComparison.Ordinal),
            // A timed-out evaluation (null) fails both regex operators: an undecidable matcher must not route or silence anything.
            MatchOp.Regex => MatcherRules.TryMatch(_regex!, actual) == true,
            MatchOp.NotRegex => MatcherRules.TryMatch(_regex!, actual) == false,
            _ => throw new UnreachableException($"operator {Op} passed validation"),
        };
    }

    /// <summary>The canonical, re-parsable form with the value always quoted, e.g. <c>job=~"api|web"</c>.</summary>
    public override string ToString() => MatcherRules.Canonical(Name, Op, Value);

    // Written out because the compiled regex is a field, and Regex compares by reference.
    public bool Equals(LabelMatcher? other) =>
        other is not null && Op == other.Op && string.Equals(Name, other.Name, StringComparison.Ordinal) &&
        string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Name, Op, Value);
}
