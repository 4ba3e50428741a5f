using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OpsBot.Alerts;
using OpsBot.Contracts;
using OpsBot.Dedupe;
using OpsBot.Outbox;
using OpsBot.Storage;
using OpsBot.Tests.Support;
using static OpsBot.Tests.Integration.Routing.TwoTeams;

namespace OpsBot.Tests.Integration.Routing;

/// <summary>A change the route stage cannot handle holds back only itself, never the other alerts it travelled with.</summary>
public sealed class PoisonChangeTests
{
    [Fact]
    public async Task A_batch_with_one_unroutable_change_routes_the_others_and_keeps_the_bad_one_for_retry()
    {
        var clock = new ManualClock(MondayMorningBerlin);
        await using var host = Host(clock);
        var client = await host.StartAsync();

        long goodId, badId;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OpsBotDbContext>();
            var good = NewAlert("GoodAlert", clock.GetUtcNow());
            var bad = NewAlert("BadAlert", clock.GetUtcNow());
            var goodRow = AlertStateMapper.NewRow(good);
            var badRow = AlertStateMapper.NewRow(bad);
            badRow.LabelsJson = "{ not json"; // damaged in storage: routing it throws
            db.Alerts.AddRange(goodRow, badRow);
            await db.SaveChangesAsync();
            (goodId, badId) = (goodRow.Id, badRow.Id);

            var outbox = PipelineOutbox.Add(db, new AlertChanges(
            [
                new AlertChange { Opened = new AlertOpened(Guid.NewGuid(), badId, bad, Reopened: false) },
                new AlertChange { Opened = new AlertOpened(Guid.NewGuid(), goodId, good, Reopened: false) },
            ]), clock.GetUtcNow());
            await db.SaveChangesAsync();
            await PipelineOutbox.PublishAsync(scope.ServiceProvider.GetRequiredService<IBus>(), [outbox], CancellationToken.None);
        }

        await Eventually.True(() => host.Scalar($"SELECT COUNT(*) FROM alerts WHERE Id = {goodId} AND Urgency IS NOT NULL") == 1, "good alert routed");
        await Eventually.True(() => host.Scalar("SELECT COUNT(*) FROM outbox") == 1, "only the bad change left in the outbox");
        Assert.Equal(1, host.Scalar($"SELECT COUNT(*) FROM outbox WHERE Payload LIKE '%\"AlertId\":{badId},%'"));
        Assert.Equal(0, host.Scalar($"SELECT COUNT(*) FROM alert_routes WHERE AlertId = {badId}"));
        Assert.Contains("opsbot_route_batches_split_total 1", await client.GetStringAsync("/metrics"));
        host.DeleteData();
    }

    [Fact]
    public async Task A_page_and_its_acknowledgement_in_one_batch_leave_no_escalation_behind()
    {
        var clock = new ManualClock(MondayMorningBerlin);
        await using var host = Host(clock);
        var client = await host.StartAsync();

        long id;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OpsBotDbContext>();
            var alert = NewAlert("QuickAck", clock.GetUtcNow());
            var row = AlertStateMapper.NewRow(alert);
            row.Status = AlertLifecycle.Acknowledged;
            db.Alerts.Add(row);
            await db.SaveChangesAsync();
            id = row.Id;
            var outbox = PipelineOutbox.Add(db, new AlertChanges(
            [
                new AlertChange { Opened = new AlertOpened(Guid.NewGuid(), id, alert, Reopened: false) },
                new AlertChange { Acknowledged = new AlertAcknowledged(Guid.NewGuid(), id, alert) },
            ]), clock.GetUtcNow());
            await db.SaveChangesAsync();
            await PipelineOutbox.PublishAsync(scope.ServiceProvider.GetRequiredService<IBus>(), [outbox], CancellationToken.None);
        }

        await WaitForNotificationsAsync(client, n => Kind(n, "acknowledged"), 1, "acknowledgement told");
        Assert.Equal(0, host.Scalar("SELECT COUNT(*) FROM outbox"));
        Assert.Equal(0, host.Scalar(TwoTeams.AlertTimers));
        Assert.Equal(1, host.Scalar($"SELECT COUNT(*) FROM alert_routes WHERE AlertId = {id}"));
        Assert.Single(await NotificationsAsync(client), n => Kind(n, "page"));
        Assert.Contains("opsbot_route_batches_split_total 0", await client.GetStringAsync("/metrics"));
        host.DeleteData();
    }

    private static Alert NewAlert(string name, DateTimeOffset at) => new()
    {
        Fingerprint = "fp-" + name,
        Source = AlertSource.Alertmanager,
        Status = AlertSignal.Firing,
        Labels = new() { ["alertname"] = name, ["instance"] = "web-1:9100", ["severity"] = "critical" },
        Severity = Severity.Critical,
        Summary = name,
        StartsAt = at,
        ReceivedAt = at,
    };
}
