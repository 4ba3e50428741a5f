namespace OpsBot.Routing.Matching;

/// <summary>One inventory line: a host name or glob (<c>*</c>, <c>?</c>) and who owns the hosts it names.</summary>
public sealed record HostEntry(string Pattern, string? Team, string? Service, string? Environment);
