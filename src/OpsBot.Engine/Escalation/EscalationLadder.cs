using OpsBot.Routing;
using OpsBot.Routing.Model;

namespace OpsBot.Escalation;

/// <summary>Who each escalation level calls. Level 1 pages the on-call person again with the secondary; level 2 and later call the whole team.</summary>
public static class EscalationLadder
{
    public sealed record Step(int Level, IReadOnlyList<Member> Mentions, bool MentionChannel, string Description);

    public static Step For(int level, OnCallSnapshot onCall)
    {
        if (level <= 1)
        {
            var people = new[] { onCall.Primary, onCall.Secondary }.OfType<Member>().ToList();
            return new Step(level, people, people.Count == 0, people.Count == 0
                ? "nobody on call: calling the channel"
                : "paging " + string.Join(" and ", people.Select(p => p.Id)));
        }
        return new Step(level, onCall.Everyone, MentionChannel: true, "calling the whole team");
    }
}
