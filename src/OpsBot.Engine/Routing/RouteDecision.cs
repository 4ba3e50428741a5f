using OpsBot.Routing.Model;

namespace OpsBot.Routing;

/// <summary>
/// Where an alert goes and why, as decided at <see cref="At"/>. Stored with the alert as a snapshot: escalation and
/// digests use what was decided, so a later configuration change does not move alerts already in flight.
/// </summary>
public sealed record RouteDecision(DateTimeOffset At, string? Host, string? Service, string? Environment, IReadOnlyList<RouteTarget> Targets)
{
    /// <summary>The first owner; an alert has more than one only when a rule said continue.</summary>
    public RouteTarget Primary => Targets[0];
}

/// <param name="MatchedBy">Which ownership rule, inventory entry, catalogue entry or default chose this team.</param>
/// <param name="Policy">The urgency policy row that applied.</param>
/// <param name="DigestAt">For a deferred alert, when the team's digest goes out.</param>
public sealed record RouteTarget(
    string Team, string MatchedBy, Channel Channel, Urgency Urgency, bool InBusinessHours, string TimeZone, string LocalTime,
    string Policy, OnCallSnapshot OnCall, TimeSpan AckTimeout, int EscalationLevels, DateTimeOffset? DigestAt, IReadOnlyList<string> Reasons);

/// <summary>Who to mention, as it was when the decision was made.</summary>
public sealed record OnCallSnapshot(Member? Primary, Member? Secondary, IReadOnlyList<Member> Everyone);
