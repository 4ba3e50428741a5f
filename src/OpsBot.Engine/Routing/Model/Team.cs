using OpsBot.Alerts;
using OpsBot.Routing.Time;

namespace OpsBot.Routing.Model;

public sealed record Channel(string Name, string? Slack, string? Discord);

public sealed record Member(string Id, string Name, string? Slack, string? Discord);

/// <summary>One row of a team's urgency policy: what a severity becomes in and out of business hours.</summary>
public sealed record UrgencyRule(Severity Severity, Urgency InHours, Urgency OutOfHours, string? Channel, bool IsDefault)
{
    public Urgency For(bool inHours) => inHours ? InHours : OutOfHours;

    public string Describe() =>
        $"{Severity.ToString().ToLowerInvariant()}: {Lower(InHours)} in hours, {Lower(OutOfHours)} out of hours{(IsDefault ? " (default)" : "")}";

    private static string Lower(Urgency u) => u.ToString().ToLowerInvariant();
}

/// <summary>A validated team: everything routing needs, with names resolved.</summary>
public sealed class Team
{
    public required string Name { get; init; }
    public required BusinessCalendar Calendar { get; init; }
    public required IReadOnlyList<Channel> Channels { get; init; }
    public required IReadOnlyDictionary<string, Member> Members { get; init; }
    public OnCallRotation? Rotation { get; init; }
    public string? Secondary { get; init; }
    public required IReadOnlyDictionary<Severity, UrgencyRule> Urgency { get; init; }
    public required TimeSpan AckTimeout { get; init; }
    public required int EscalationLevels { get; init; }
    /// <summary>Each member's role for chat commands, by member id.</summary>
    public IReadOnlyDictionary<string, Commands.Role> Roles { get; init; } = new Dictionary<string, Commands.Role>();
    public TimeSpan? AckSilencesFor { get; init; }
    /// <summary>Fix policy by handler name, where the team chose one.</summary>
    public IReadOnlyDictionary<string, Handlers.FixPolicy> FixPolicies { get; init; } = new Dictionary<string, Handlers.FixPolicy>();
    public Reports.ReportSchedule ReportSchedule { get; init; } = Reports.ReportSchedule.Default;

    /// <summary>The named channel, or the team's first one.</summary>
    public Channel ChannelNamed(string? name) =>
        name is null ? Channels[0] : Channels.First(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public bool HasChannel(string name) => Channels.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}
