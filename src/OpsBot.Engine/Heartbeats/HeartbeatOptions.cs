namespace OpsBot.Heartbeats;

/// <summary>One entry of the "Heartbeats" section, keyed by the heartbeat's name.</summary>
public sealed class HeartbeatOptions
{
    public const string Section = "Heartbeats";

    /// <summary>Matchers for the always-firing alert that is the heartbeat (e.g. alertname=Watchdog). Empty: only POST /api/heartbeats/{name} beats.</summary>
    public List<string> Match { get; set; } = [];
    /// <summary>How long OpsBot waits for a beat before it raises its own alert.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Labels of the alert raised when the heartbeat stops (they route it); severity defaults to critical.</summary>
    public Dictionary<string, string> Labels { get; set; } = new();
}
