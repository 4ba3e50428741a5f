namespace OpsBot.SourceSync;

/// <summary>
/// The "PagerDuty" section: REST access used to mirror acknowledgements and resolutions made in OpsBot back to the
/// incidents PagerDuty opened. Off until both the token and the requester's email are set.
/// </summary>
public sealed class PagerDutyRestOptions
{
    public const string Section = "PagerDuty";

    /// <summary>A REST API key ("Token token=…"), not an Events integration key. Set through PagerDuty__ApiToken.</summary>
    public string? ApiToken { get; set; }

    /// <summary>
    /// Email of a PagerDuty user; PagerDuty refuses writes without a From header and records this user as the one who
    /// acknowledged or resolved.
    /// </summary>
    public string? FromEmail { get; set; }

    /// <summary>REST base; a local server in tests.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.pagerduty.com/";

    /// <summary>Longest one request may take; a slow PagerDuty must not hold up the caller indefinitely.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => !string.IsNullOrWhiteSpace(ApiToken) && !string.IsNullOrWhiteSpace(FromEmail);
}
