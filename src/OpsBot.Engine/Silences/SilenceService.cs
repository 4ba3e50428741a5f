using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Alerts;
using OpsBot.Observability;
using OpsBot.Outbox;
using OpsBot.Routing;
using OpsBot.Scheduling;
using OpsBot.Storage;

namespace OpsBot.Silences;

/// <summary>Creates and expires silences: stored first, then mirrored to Alertmanager when one is configured (its failure is reported, not fatal).</summary>
public sealed class SilenceService(
    OpsBotDbContext db, StoreWriteLock writeLock, PipelineTransaction transaction, DurableTimers timers, WindowEndHandler windowEnd, Router router,
    IOptions<SilenceOptions> options, AlertmanagerSilences alertmanager, OpsBotMetrics metrics, TimeProvider clock, ILogger<SilenceService> logger)
{
    public async Task<SilenceRow> CreateAsync(SilenceRequest request, string? user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var teams = router.Model.Teams.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var valid = new SilenceValidator(options.Value, teams, router.Model.ServiceLabel).Validate(request, user, now, () => KnownLabels());
        var row = new SilenceRow
        {
            Kind = valid.Kind,
            MatchersJson = JsonSerializer.Serialize(valid.Matchers.Select(m => m.ToString())),
            StartsAt = valid.StartsAt,
            EndsAt = valid.EndsAt,
            Recurrence = valid.Recurrence,
            TimeZone = valid.TimeZone,
            CreatedBy = valid.CreatedBy,
            Comment = valid.Comment,
            Team = valid.Team is null ? null : router.Model.Teams.Keys.First(t => string.Equals(t, valid.Team, StringComparison.OrdinalIgnoreCase)),
            CreatedAt = now,
        };
        await transaction.RunAsync(null, async token =>
        {
            db.Silences.Add(row);
            await db.SaveChangesAsync(token);
            var remindAt = row.EndsAt - options.Value.ReminderBefore;
            if (row.Recurrence is null && remindAt > now)
                await timers.ScheduleAsync(SilenceReminderHandler.KeyFor(row.Id), SilenceReminderHandler.TimerKind, remindAt, new SilenceReminderHandler.Payload(row.Id), token);
        }, ct);
        logger.LogInformation("{Kind} {Id} created by {CreatedBy} until {EndsAt:u}: {Matchers} ({Comment})",
            row.Kind, row.Id, row.CreatedBy, row.EndsAt, row.MatchersJson, row.Comment);

        // Recurring windows stay in OpsBot: Alertmanager has no such thing.
        if (row.Recurrence is null && alertmanager.Enabled) await MirrorAsync(row, valid, ct);
        return row;
    }

    public async Task<SilenceRow?> ExpireAsync(long id, CancellationToken ct)
    {
        var row = await db.Silences.FindAsync([id], ct);
        if (row is null) return null;
        if (row.ExpiredAt is not null) return row;
        await transaction.RunAsync(null, async token =>
        {
            row.ExpiredAt = clock.GetUtcNow();
            await db.SaveChangesAsync(token);
            await timers.CancelAsync(SilenceReminderHandler.KeyFor(id), token);
            await windowEnd.ReleaseAsync(id, token);
        }, ct);
        logger.LogInformation("{Kind} {Id} expired", row.Kind, row.Id);
        if (row.AlertmanagerId is { } amId) await ExpireInAlertmanagerAsync(row, amId, ct);
        return row;
    }

    private async Task MirrorAsync(SilenceRow row, SilenceValidator.Valid valid, CancellationToken ct)
    {
        try
        {
            row.AlertmanagerId = await alertmanager.CreateAsync(valid.Matchers, row.StartsAt, row.EndsAt, row.CreatedBy, $"{row.Comment} (OpsBot silence #{row.Id})", ct);
            row.AlertmanagerError = null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever went wrong with Alertmanager, the silence holds in OpsBot: report it, never fail the request.
            metrics.SilenceSyncFailures.Inc("create");
            logger.LogWarning("Silence {Id} is active in OpsBot but could not be created in Alertmanager: {Error}", row.Id, e.Message);
            row.AlertmanagerError = e.Message;
        }
        bool expiredMeanwhile;
        using (await writeLock.AcquireAsync(ct))
        {
            await db.Silences.Where(s => s.Id == row.Id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.AlertmanagerId, row.AlertmanagerId)
                .SetProperty(x => x.AlertmanagerError, row.AlertmanagerError), ct);
            expiredMeanwhile = await db.Silences.AnyAsync(s => s.Id == row.Id && s.ExpiredAt != null, ct);
        }
        // Expired through the API while Alertmanager was still being asked: expire its copy too.
        if (expiredMeanwhile && row.AlertmanagerId is { } mirrored) await ExpireInAlertmanagerAsync(row, mirrored, ct);
    }

    private async Task ExpireInAlertmanagerAsync(SilenceRow row, string amId, CancellationToken ct)
    {
        try { await alertmanager.ExpireAsync(amId, ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics.SilenceSyncFailures.Inc("expire");
            await RecordErrorAsync(row, "expire failed: " + e.Message, ct);
        }
    }

    private async Task RecordErrorAsync(SilenceRow row, string error, CancellationToken ct)
    {
        logger.LogWarning("Silence {Id}: Alertmanager {Error}", row.Id, error);
        row.AlertmanagerError = error;
        using (await writeLock.AcquireAsync(ct))
            await db.Silences.Where(s => s.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.AlertmanagerError, error), ct);
    }

    /// <summary>Label names seen on stored alerts or used by the configuration: what strict mode accepts.</summary>
    private IReadOnlySet<string> KnownLabels()
    {
        var known = new HashSet<string>(options.Value.KnownLabels) { LabelNames.AlertName, LabelNames.Severity, options.Value.HostLabel, router.Model.ServiceLabel };
        known.UnionWith(router.Model.HostLabels);
        known.UnionWith(router.Model.Rules.SelectMany(r => r.Match).Select(m => m.Name));
        foreach (var json in db.Alerts.AsNoTracking().Select(a => a.LabelsJson).Distinct().AsEnumerable())
            known.UnionWith(JsonSerializer.Deserialize<Dictionary<string, string>>(json)?.Keys.AsEnumerable() ?? []);
        return known;
    }
}
