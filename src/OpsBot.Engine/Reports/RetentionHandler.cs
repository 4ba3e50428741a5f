using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Scheduling;
using OpsBot.Storage;

namespace OpsBot.Reports;

/// <summary>
/// Once a day, purges history older than Reports:RetentionDays: deliveries, routing decisions, messages, diagnostics
/// and fix runs of alerts that are resolved, and then those alerts. Open alerts keep everything. The audit log is
/// kept: it is the record of who did what.
/// </summary>
public sealed class RetentionHandler(OpsBotDbContext db, DurableTimers timers, IOptions<ReportOptions> options, TimeProvider clock,
    ILogger<RetentionHandler> logger) : ITimerHandler
{
    public const string TimerKind = "retention";
    public const string Key = "retention";
    public sealed record Payload;

    public string Kind => TimerKind;

    public async Task HandleAsync(TimerRow timer, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var cutoff = now.AddDays(-options.Value.RetentionDays);
        var old = db.Alerts.Where(a => a.Status == AlertLifecycle.Resolved && a.ResolvedAt < cutoff).Select(a => a.Id);
        var deliveries = await db.Occurrences.Where(o => o.ReceivedAt < cutoff && (o.AlertId == null || old.Contains(o.AlertId.Value))).ExecuteDeleteAsync(ct);
        await db.Routes.Where(r => old.Contains(r.AlertId)).ExecuteDeleteAsync(ct);
        await db.ChatDeliveries.Where(d => d.FinishedAt < cutoff).ExecuteDeleteAsync(ct);
        await db.Notifications.Where(n => n.DeliveredAt < cutoff && (n.AlertId == null || old.Contains(n.AlertId.Value))).ExecuteDeleteAsync(ct);
        await db.DiagnosticRuns.Where(d => old.Contains(d.AlertId)).ExecuteDeleteAsync(ct);
        await db.FixRuns.Where(f => old.Contains(f.AlertId)).ExecuteDeleteAsync(ct);
        await db.ChatMessages.Where(m => old.Contains(m.AlertId)).ExecuteDeleteAsync(ct);
        await db.ChatActions.Where(a => old.Contains(a.AlertId)).ExecuteDeleteAsync(ct);
        await db.DigestItems.Where(d => old.Contains(d.AlertId)).ExecuteDeleteAsync(ct);
        await db.AlertKeys.Where(k => old.Contains(k.AlertId)).ExecuteDeleteAsync(ct);
        await db.Occurrences.Where(o => o.AlertId != null && old.Contains(o.AlertId.Value)).ExecuteDeleteAsync(ct);
        var alerts = await db.Alerts.Where(a => a.Status == AlertLifecycle.Resolved && a.ResolvedAt < cutoff).ExecuteDeleteAsync(ct);
        // Replay and retry protection needs only the last minutes and hours; the SQLite inbox also purges its own.
        var dayAgo = now.AddDays(-1);
        await db.SeenRequests.Where(r => r.SeenAt < dayAgo).ExecuteDeleteAsync(ct);
        var deliveryIdsBefore = (now - TimeSpan.FromHours(72)).ToUnixTimeMilliseconds();
        await db.WebhookDeliveries.Where(d => d.ReceivedAtMs < deliveryIdsBefore).ExecuteDeleteAsync(ct);
        logger.LogInformation("Retention: removed {Alerts} resolved alert(s) and {Deliveries} delivery record(s) older than {Cutoff:u}", alerts, deliveries, cutoff);
        await timers.ResetAsync(Key, TimerKind, now.AddDays(1), new Payload(), ct);
    }
}
