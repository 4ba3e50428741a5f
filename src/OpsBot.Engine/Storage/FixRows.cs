namespace OpsBot.Storage;

/// <summary>dry-run: said what it would do; refused: a guard said no; then the life of a real run.</summary>
public enum FixRunState { DryRun, Refused, AwaitingApproval, Approved, Running, Succeeded, Failed, Verified, Unresolved }

/// <summary>One proposed, refused, approved or executed fix for an alert: the alert's fix history and the weekly report's source.</summary>
public sealed class FixRunRow
{
    public long Id { get; set; }
    public long AlertId { get; set; }
    public required string Handler { get; set; }
    public required string Team { get; set; }
    /// <summary>The host, or namespace/deployment, the fix acts on.</summary>
    public required string Target { get; set; }
    public required string Executor { get; set; }
    /// <summary>The policy that applied: off, dry-run, approve, auto.</summary>
    public required string Policy { get; set; }
    /// <summary>Exactly what runs, as a person reads it (argument vector joined with spaces, quoted where needed).</summary>
    public required string Action { get; set; }
    /// <summary>The rendered arguments as JSON: what the executor gets.</summary>
    public required string ArgumentsJson { get; set; }
    public FixRunState State { get; set; }
    /// <summary>Why a guard refused, or why it failed.</summary>
    public string? Reason { get; set; }
    public string? ApprovedBy { get; set; }
    public string? Output { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>A read-only diagnostic run when an alert arrived, as posted in its thread.</summary>
public sealed class DiagnosticRunRow
{
    public long Id { get; set; }
    public long AlertId { get; set; }
    public required string Handler { get; set; }
    public required string Name { get; set; }
    public bool Ok { get; set; }
    public bool LooksWrong { get; set; }
    public required string Output { get; set; }
    public DateTimeOffset At { get; set; }
}
