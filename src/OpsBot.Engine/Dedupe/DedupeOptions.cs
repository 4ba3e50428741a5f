using System.ComponentModel.DataAnnotations;

namespace OpsBot.Dedupe;

public sealed class DedupeOptions
{
    public const string Section = "Dedupe";

    /// <summary>More firing/resolved transitions than this within <see cref="FlapWindow"/> marks an alert flapping.</summary>
    [Range(1, 1000)] public int FlapThreshold { get; set; } = 4;

    public TimeSpan FlapWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Templates over labels, e.g. "{alertname}/{instance}", whose rendering is a key the same problem may carry when it
    /// arrives from another source (a PagerDuty incident_key or an Events API dedup_key). A template whose labels an alert
    /// lacks yields no key.
    /// </summary>
    public List<string> CorrelationKeyTemplates { get; set; } = [];

    /// <summary>Most deliveries in one bus message, and so in one dedupe transaction.</summary>
    [Range(1, 5000)] public int BatchSize { get; set; } = 200;
}
