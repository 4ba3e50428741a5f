using OpsBot.Routing.Matching;

namespace OpsBot.Silences.Alertmanager;

/// <summary>A silence as Alertmanager reports it; <see cref="State"/> is <c>active</c>, <c>pending</c> or <c>expired</c>.</summary>
public sealed record AlertmanagerSilence(
    string Id,
    string State,
    IReadOnlyList<LabelMatcher> Matchers,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string CreatedBy,
    string Comment);
