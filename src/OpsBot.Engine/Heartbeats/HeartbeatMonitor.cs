using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpsBot.Alerts;
using OpsBot.Contracts;
using OpsBot.Ingest;
using OpsBot.Observability;
using OpsBot.Routing.Matching;
using OpsBot.Storage;

namespace OpsBot.Heartbeats;

/// <summary>
/// A dead monitoring pipeline must not look like a quiet night. Beats arrive as always-firing alerts (seen by dedupe)
/// or API calls; when one has not arrived within its interval, OpsBot accepts an alert of its own, which is routed and
/// escalated like any other, and resolves it when beats come back.
/// </summary>
public sealed class HeartbeatMonitor(
    IReadOnlyDictionary<string, Heartbeat> heartbeats, IServiceScopeFactory scopes, IAlertAcceptor acceptor, OpsBotMetrics metrics, TimeProvider clock,
    ILogger<HeartbeatMonitor> logger)
{
    public const string AlertName = "HeartbeatMissing";
    private readonly ConcurrentDictionary<string, DateTimeOffset> _beats = new();
    private DateTimeOffset? _startedAt;

    public IReadOnlyDictionary<string, Heartbeat> Configured => heartbeats;

    public void Observe(IEnumerable<Alert> alerts)
    {
        if (heartbeats.Count == 0) return; // the dedupe stage calls this for every batch
        foreach (var alert in alerts)
        {
            if (alert.Status != AlertSignal.Firing) continue;
            foreach (var beat in heartbeats.Values)
            {
                if (beat.Matchers.Count > 0 && Matchers.AllMatch(beat.Matchers, alert.Labels)) Beat(beat.Name, alert.ReceivedAt);
            }
        }
    }

    /// <returns>False for a heartbeat that is not configured.</returns>
    public bool Beat(string name, DateTimeOffset? at = null)
    {
        if (!heartbeats.TryGetValue(name, out var beat)) return false;
        var when = at ?? clock.GetUtcNow();
        _beats.AddOrUpdate(beat.Name, when, (_, old) => when > old ? when : old);
        return true;
    }

    public async Task CheckAsync(CancellationToken ct)
    {
        if (heartbeats.Count == 0) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OpsBotDbContext>();
        var writeLock = scope.ServiceProvider.GetRequiredService<StoreWriteLock>();
        var now = clock.GetUtcNow();
        var rows = await db.Heartbeats.ToDictionaryAsync(h => h.Name, ct);
        foreach (var beat in heartbeats.Values)
        {
            if (!rows.TryGetValue(beat.Name, out var row))
            {
                row = new HeartbeatRow { Name = beat.Name, WatchedSince = now };
                db.Heartbeats.Add(row);
            }
            if (_beats.TryGetValue(beat.Name, out var seen) && (row.LastSeen is null || seen > row.LastSeen)) row.LastSeen = seen;
            // A full interval of grace after a start: beats queued while OpsBot was down are still being replayed.
            var last = Max(row.LastSeen ?? row.WatchedSince, _startedAt ??= now);
            if (row.MissingSince is null && now - last > beat.Interval)
            {
                await AcceptAsync(beat, AlertSignal.Firing, last, now, ct);
                row.MissingSince = now;
                metrics.HeartbeatsMissed.Inc(beat.Name);
                logger.LogWarning("Heartbeat {Name} missing: last beat {Last:u}, interval {Interval}", beat.Name, last, beat.Interval);
            }
            else if (row.MissingSince is { } since && row.LastSeen >= since)
            {
                await AcceptAsync(beat, AlertSignal.Resolved, since, now, ct);
                row.MissingSince = null;
                logger.LogInformation("Heartbeat {Name} is back", beat.Name);
            }
        }
        if (!db.ChangeTracker.HasChanges()) return;
        using (await writeLock.AcquireAsync(ct)) await db.SaveChangesAsync(ct);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private async Task AcceptAsync(Heartbeat beat, AlertSignal signal, DateTimeOffset since, DateTimeOffset now, CancellationToken ct)
    {
        var labels = new Dictionary<string, string>(beat.Labels)
        {
            [LabelNames.AlertName] = AlertName,
            ["heartbeat"] = beat.Name,
        };
        labels.TryAdd(LabelNames.Severity, "critical");
        var alert = new Alert
        {
            Fingerprint = "opsbot:heartbeat:" + beat.Name,
            Source = AlertSource.OpsBot,
            Status = signal,
            Labels = labels,
            Severity = SeverityParser.Parse(labels[LabelNames.Severity]),
            Summary = $"No heartbeat '{beat.Name}' since {since:u} (expected every {beat.Interval:g}): the monitoring pipeline may be down",
            StartsAt = signal == AlertSignal.Firing ? now : since,
            EndsAt = signal == AlertSignal.Resolved ? now : null,
            ReceivedAt = now,
        };
        // Keyed by the episode, so a check repeated after a crash cannot raise or resolve it twice.
        var key = $"heartbeat:{beat.Name}:{signal}:{since.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}";
        await acceptor.AcceptAsync(key, [new AlertReceived(Guid.NewGuid(), alert)], ct);
    }
}

public sealed record Heartbeat(string Name, IReadOnlyList<LabelMatcher> Matchers, TimeSpan Interval, IReadOnlyDictionary<string, string> Labels);
