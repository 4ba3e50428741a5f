using NodaTime;
using NodaTime.Text;
using OpsBot.Alerts;
using OpsBot.Routing.Matching;
using OpsBot.Routing.Model;
using OpsBot.Routing.Time;

namespace OpsBot.Routing;

/// <summary>
/// Pure routing: labels, severity and a moment in, a <see cref="RouteDecision"/> with its reasons out.
/// Owner: ownership rules in order (first match wins unless it says continue; when every match said continue, the
/// inventory still decides too), else the host inventory, else the
/// service catalogue, else the default team. Then per team: business hours in its zone, its urgency policy and who is on call.
/// </summary>
public sealed class Router(RoutingModel model)
{
    private static readonly LocalDateTimePattern LocalPattern = LocalDateTimePattern.CreateWithInvariantCulture("ddd uuuu-MM-dd HH:mm");

    public RoutingModel Model => model;

    public RouteDecision Decide(IReadOnlyDictionary<string, string> labels, Severity severity, DateTimeOffset at)
    {
        var now = TimeZones.ToInstant(at);
        var host = HostNames.FromLabels(labels, model.HostLabels);
        var entry = host is null ? null : model.Inventory.Find(host);
        var service = labels.TryGetValue(model.ServiceLabel, out var s) && s is { Length: > 0 } ? s : entry?.Service;

        var targets = new List<RouteTarget>();
        foreach (var owner in Owners(labels, host, entry, service))
        {
            var (team, sunReason) = OnDuty(owner.Teams, now);
            if (targets.Any(t => t.Team == team.Name)) continue;
            targets.Add(Target(team, owner, sunReason, severity, now));
        }
        return new RouteDecision(at, host, service, entry?.Environment, targets);
    }

    private IEnumerable<Owner> Owners(IReadOnlyDictionary<string, string> labels, string? host, HostEntry? entry, string? service)
    {
        foreach (var rule in model.Rules)
        {
            if (!Matchers.AllMatch(rule.Match, labels)) continue;
            yield return new Owner(rule.Teams, rule.Channel, rule.Describe() + " matched");
            if (!rule.Continue) yield break;
        }
        // No rule claimed the alert for good (none matched, or all that did said continue): the inventory decides.

        if (entry?.Team is { } hostTeam)
            yield return new Owner([hostTeam], null, $"host inventory: '{host}' matches '{entry.Pattern}'");
        else if (service is not null && model.ServiceTeams.TryGetValue(service, out var serviceTeam))
            yield return new Owner([serviceTeam], null, $"service catalogue: service '{service}'" + (entry is null ? "" : $" of host '{host}'"));
        else
            yield return new Owner([model.DefaultTeam], null, "default team: no rule, host or service matched");
    }

    /// <summary>Follow-the-sun: the first team in its business hours; the first team when none is.</summary>
    private (Team Team, string? Reason) OnDuty(IReadOnlyList<string> names, Instant now)
    {
        var teams = names.Select(n => model.Teams[n]).ToList();
        if (teams.Count == 1) return (teams[0], null);
        var open = teams.FirstOrDefault(t => t.Calendar.IsOpen(now));
        return open is not null
            ? (open, $"follow-the-sun: {open.Name} is in business hours (of {string.Join(", ", names)})")
            : (teams[0], $"follow-the-sun: none of {string.Join(", ", names)} is in business hours, {teams[0].Name} takes it");
    }

    private static RouteTarget Target(Team team, Owner owner, string? sunReason, Severity severity, Instant now)
    {
        var calendar = team.Calendar;
        var inHours = calendar.IsOpen(now);
        var policy = team.Urgency[severity];
        var urgency = policy.For(inHours);
        var local = LocalPattern.Format(now.InZone(calendar.Zone).LocalDateTime);
        var reasons = new List<string> { owner.Reason };
        if (sunReason is not null) reasons.Add(sunReason);
        reasons.Add(inHours && calendar.CurrentPeriodEnd(now) is { } closes
            ? $"{local} {calendar.Zone.Id}: in business hours (until {LocalPattern.Format(closes.InZone(calendar.Zone).LocalDateTime)})"
            : $"{local} {calendar.Zone.Id}: {(inHours ? "in" : "out of")} business hours");
        reasons.Add("policy " + policy.Describe());

        DateTimeOffset? digestAt = null;
        if (urgency == Urgency.Digest)
        {
            if (calendar.NextOpening(now) is { } opening)
            {
                digestAt = TimeZones.ToDateTimeOffset(opening);
                reasons.Add($"deferred to the digest at {LocalPattern.Format(opening.InZone(calendar.Zone).LocalDateTime)} {calendar.Zone.Id}");
            }
            else
            {
                urgency = Urgency.Notify;
                reasons.Add("the team has no business hours, so no digest: notify instead");
            }
        }

        var onCall = OnCall(team, now);
        if (urgency == Urgency.Page)
            reasons.Add(onCall.Primary is { } p ? $"on call: {p.Id}" + (onCall.Secondary is { } sec ? $", secondary {sec.Id}" : "") : "nobody on call: the page mentions the channel");

        var channel = team.ChannelNamed(owner.Channel ?? policy.Channel);
        return new RouteTarget(team.Name, owner.Reason, channel, urgency, inHours, calendar.Zone.Id, local, policy.Describe(), onCall,
            team.AckTimeout, team.EscalationLevels, digestAt, reasons);
    }

    private static OnCallSnapshot OnCall(Team team, Instant now)
    {
        var shift = team.Rotation?.At(now);
        var primary = shift is null ? null : team.Members[shift.Primary];
        // The configured secondary, unless that person is the one on call now: then the next in the rotation.
        var secondaryId = team.Secondary is { } configured && !string.Equals(configured, primary?.Id, StringComparison.OrdinalIgnoreCase)
            ? configured
            : shift?.Secondary;
        var secondary = secondaryId is null || secondaryId == primary?.Id ? null : team.Members[secondaryId];
        return new OnCallSnapshot(primary, secondary, team.Members.Values.ToList());
    }

    private sealed record Owner(IReadOnlyList<string> Teams, string? Channel, string Reason);
}
