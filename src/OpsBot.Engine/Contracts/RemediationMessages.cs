namespace OpsBot.Contracts;

/// <summary>From routing to the enrich stage: a new or reopened alert that a handler in handlers/ matches.</summary>
public sealed record EnrichRequested(long AlertId);

/// <summary>A fix run was approved (by a person, or by an auto policy): the remediate stage executes it.</summary>
public sealed record FixApproved(long FixRunId);
