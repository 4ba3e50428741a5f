using OpsBot.Handlers;

namespace OpsBot.Remediate;

/// <summary>The "Fixes" section: the switch that stops every fix at once.</summary>
public sealed class FixOptions
{
    public const string Section = "Fixes";

    /// <summary>On: no fix acts anywhere; dry runs still say what they would have done, and that the switch stopped them.</summary>
    public bool KillSwitch { get; set; }
}

/// <summary>Policy names as written in handlers and the teams file: off, dry-run, approve, auto.</summary>
public static class FixPolicyNames
{
    public static bool TryParse(string? text, out FixPolicy policy)
    {
        policy = text?.Trim().ToLowerInvariant() switch
        {
            "off" => FixPolicy.Off,
            "dry-run" => FixPolicy.DryRun,
            "approve" => FixPolicy.Approve,
            "auto" => FixPolicy.Auto,
            _ => (FixPolicy)(-1),
        };
        return Enum.IsDefined(policy);
    }

    public static string Name(FixPolicy policy) => policy switch
    {
        FixPolicy.Off => "off",
        FixPolicy.DryRun => "dry-run",
        FixPolicy.Approve => "approve",
        _ => "auto",
    };
}
