using OpsBot.Alerts;
using OpsBot.Dedupe;
using OpsBot.Storage;

namespace OpsBot.Tests.Dedupe;

/// <summary>Fixed times and small builders for the pure dedupe functions.</summary>
internal static class DedupeTestData
{
    public static readonly DateTimeOffset T0 = new(2026, 8, 20, 9, 0, 0, TimeSpan.Zero);

    public static Alert Incoming(AlertSignal signal, AlertSource source = AlertSource.Alertmanager, int startMinute = 0,
        Severity severity = Severity.Critical, string summary = "Disk full", Dictionary<string, string>? annotations = null) => new()
    {
        Fingerprint = "fp1",
        Source = source,
        Status = signal,
        Labels = new Dictionary<string, string> { ["alertname"] = "DiskFull", ["instance"] = "db1" },
        Annotations = annotations ?? new Dictionary<string, string> { ["summary"] = "Disk full" },
        Severity = severity,
        Summary = summary,
        StartsAt = T0.AddMinutes(startMinute),
        EndsAt = signal == AlertSignal.Resolved ? T0.AddMinutes(startMinute + 10) : null,
        ReceivedAt = T0.AddHours(2),
    };

    public static AlertStateView State(AlertLifecycle status, AlertSource source = AlertSource.Alertmanager, int episodeMinute = 0) => new(
        status, source, T0.AddMinutes(episodeMinute), status == AlertLifecycle.Resolved ? T0.AddMinutes(episodeMinute + 10) : null,
        Severity.Critical, "Disk full", new Dictionary<string, string> { ["summary"] = "Disk full" });
}
