namespace OpsBot.Diagnostics;

/// <summary>The "Ssh" section: how read-only commands reach an alert's host.</summary>
public sealed class SshOptions
{
    public const string Section = "Ssh";

    /// <summary>A dedicated account whose sudo rules (if any) are the real limit on what a command may do.</summary>
    public string User { get; set; } = "opsbot";
    /// <summary>The private key; empty: ssh's own defaults (~/.ssh/id_*, agent).</summary>
    public string? KeyFile { get; set; }
    public int Port { get; set; } = 22;
    /// <summary>Empty: ssh's default (~/.ssh/known_hosts).</summary>
    public string? KnownHostsFile { get; set; }
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>"yes" (default) refuses unknown hosts; "accept-new" trusts a host on first contact.</summary>
    public string StrictHostKeyChecking { get; set; } = "yes";
}
