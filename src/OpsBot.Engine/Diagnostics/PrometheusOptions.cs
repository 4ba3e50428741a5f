namespace OpsBot.Diagnostics;

/// <summary>The "Prometheus" section: where read-only metric diagnostics and host summaries are queried.</summary>
public sealed class PrometheusOptions
{
    public const string Section = "Prometheus";

    /// <summary>e.g. http://prometheus:9090/. Empty: Prometheus diagnostics and host summaries are off.</summary>
    public string? Url { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);
}
