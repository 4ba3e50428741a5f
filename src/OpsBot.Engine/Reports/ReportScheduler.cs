using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpsBot.Outbox;
using OpsBot.Routing;
using OpsBot.Scheduling;
using OpsBot.Storage;

namespace OpsBot.Reports;

/// <summary>At start, makes sure every team has its next weekly report (and the daily retention purge) scheduled.</summary>
public sealed class ReportScheduler(IServiceScopeFactory scopes, Router router, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OpsBotDbContext>();
        var timers = scope.ServiceProvider.GetRequiredService<DurableTimers>();
        var now = clock.GetUtcNow();
        await scope.ServiceProvider.GetRequiredService<PipelineTransaction>().RunAsync(null, async token =>
        {
            var existing = await db.Timers.AsNoTracking().Select(t => t.Key).ToListAsync(token);
            foreach (var team in router.Model.Teams.Values)
            {
                if (existing.Contains(WeeklyReportHandler.KeyFor(team.Name))) continue;
                await timers.ScheduleAsync(WeeklyReportHandler.KeyFor(team.Name), WeeklyReportHandler.TimerKind,
                    team.ReportSchedule.NextAfter(now, team.Calendar.Zone), new WeeklyReportHandler.Payload(team.Name), token);
            }
            if (!existing.Contains(RetentionHandler.Key))
                await timers.ScheduleAsync(RetentionHandler.Key, RetentionHandler.TimerKind, now.AddHours(1), new RetentionHandler.Payload(), token);
        }, ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
