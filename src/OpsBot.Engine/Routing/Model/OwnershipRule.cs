using OpsBot.Routing.Matching;

namespace OpsBot.Routing.Model;

/// <param name="Number">1-based position in Routing:Rules, as a person counts them.</param>
/// <param name="Teams">One team, or several for follow-the-sun.</param>
public sealed record OwnershipRule(int Number, string Name, IReadOnlyList<LabelMatcher> Match, IReadOnlyList<string> Teams, string? Channel, bool Continue)
{
    public string Describe() => $"rule #{Number} '{Name}' {{{string.Join(", ", Match)}}}";
}
