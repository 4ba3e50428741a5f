namespace OpsBot.Routing.Config;

/// <summary>The "Routing" section: who owns what. Rules first, then the host inventory, then the service catalogue, then the default team.</summary>
public sealed class RoutingOptions
{
    public const string Section = "Routing";

    public string DefaultTeam { get; set; } = "";
    /// <summary>Labels that name the host an alert is about, first non-empty wins (a ":port" suffix is dropped).</summary>
    public List<string> HostLabels { get; set; } = ["host", "hostname", "instance", "node", "nodename"];
    public string ServiceLabel { get; set; } = "service";
    public List<OwnershipRuleOptions> Rules { get; set; } = [];
    public List<HostOptions> Hosts { get; set; } = [];
    public List<ServiceOptions> Services { get; set; } = [];
}

public sealed class OwnershipRuleOptions
{
    public string? Name { get; set; }
    /// <summary>Alertmanager-style matchers, all of which must hold: name=value, name!=value, name=~regex, name!~regex.</summary>
    public List<string> Match { get; set; } = [];
    public string? Team { get; set; }
    /// <summary>Follow-the-sun: the first of these teams within its business hours takes the alert; the first team otherwise.</summary>
    public List<string> Teams { get; set; } = [];
    /// <summary>One of the team's named channels; the team's first channel when empty.</summary>
    public string? Channel { get; set; }
    /// <summary>Keep evaluating later rules after this one matched, so the alert reaches more than one team.</summary>
    public bool Continue { get; set; }
}

public sealed class HostOptions
{
    /// <summary>A host name, or a pattern with * and ?.</summary>
    public string Pattern { get; set; } = "";
    public string? Team { get; set; }
    public string? Service { get; set; }
    public string? Environment { get; set; }
}

public sealed class ServiceOptions
{
    public string Name { get; set; } = "";
    public string Team { get; set; } = "";
}
