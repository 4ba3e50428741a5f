using OpsBot.Routing.Matching;

namespace OpsBot.Routing.Model;

/// <summary>The validated routing configuration. Built once at start; a decision copies what it used, so later changes leave alerts in flight alone.</summary>
public sealed class RoutingModel
{
    public required IReadOnlyDictionary<string, Team> Teams { get; init; }
    public required IReadOnlyList<OwnershipRule> Rules { get; init; }
    public required HostInventory Inventory { get; init; }
    public required IReadOnlyDictionary<string, string> ServiceTeams { get; init; }
    public required string DefaultTeam { get; init; }
    public required IReadOnlyList<string> HostLabels { get; init; }
    public required string ServiceLabel { get; init; }
}
