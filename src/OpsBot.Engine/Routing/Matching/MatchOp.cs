namespace OpsBot.Routing.Matching;

/// <summary>The four Alertmanager matcher operators: <c>=</c>, <c>!=</c>, <c>=~</c>, <c>!~</c>.</summary>
public enum MatchOp
{
    Equal,
    NotEqual,
    Regex,
    NotRegex,
}
