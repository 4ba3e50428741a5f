namespace OpsBot.Diagnostics;

/// <summary>One read-only check's outcome, as attached to an alert's thread and to /ops host.</summary>
/// <param name="Ok">It ran and answered (not whether the answer is good).</param>
/// <param name="LooksWrong">The answer is what an on-call engineer would look at first.</param>
public sealed record DiagnosticResult(string Name, bool Ok, string Output, bool LooksWrong, TimeSpan Took);

/// <summary>What a command run on a host (ssh) or locally (kubectl) gave back.</summary>
public sealed record CommandResult(int ExitCode, string Output, bool TimedOut, bool Truncated)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
