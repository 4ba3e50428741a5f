using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsBot.Contracts;
using OpsBot.Observability;
using OpsBot.Outbox;
using OpsBot.Storage;

namespace OpsBot.Routing;

/// <summary>
/// The route stage on the bus: what one dedupe transaction changed arrives as one message, is claimed from the
/// outbox and handled, in order, in one transaction. Opened alerts are routed; acknowledgements and resolutions stop
/// escalation and are told to the channels that heard about the alert.
/// </summary>
public sealed class RouteConsumer(
    PipelineTransaction transaction, OpsBotDbContext db, RouteStage routing, AlertFollowUp followUp, OpsBotMetrics metrics, TimeProvider clock,
    ILogger<RouteConsumer> logger)
    : IConsumer<AlertChanges>
{
    public async Task Consume(ConsumeContext<AlertChanges> context)
    {
        var changes = context.Message.Changes;
        try
        {
            await RouteAsync(context, changes);
        }
        catch (Exception e) when (e is not OperationCanceledException && changes.Count > 1)
        {
            // One change that cannot be handled must not hold back the others: hand each on as a message of its
            // own, in place of this one, so only the bad one is retried.
            logger.LogWarning(e, "Routing {Count} changes together failed; handing them on one by one", changes.Count);
            metrics.RouteBatchesSplit.Inc();
            db.ChangeTracker.Clear();
            await transaction.RunAsync(context.MessageId, _ =>
            {
                var now = clock.GetUtcNow();
                foreach (var change in changes) PipelineOutbox.Add(db, new AlertChanges([change]), now);
                return Task.CompletedTask;
            }, context.CancellationToken);
            return;
        }

        var routedAt = clock.GetUtcNow();
        foreach (var opened in changes.Select(c => c.Opened).OfType<AlertOpened>())
            metrics.StageDuration.Observe(Math.Max(0, (routedAt - opened.Alert.ReceivedAt).TotalSeconds), "route");
    }

    private Task RouteAsync(ConsumeContext context, List<AlertChange> changes) =>
        transaction.RunAsync(context.MessageId, async ct =>
        {
            var ids = changes.Select(c => c.AlertId).Distinct().ToList();
            var alerts = await db.Alerts.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
            foreach (var change in changes)
            {
                if (!alerts.TryGetValue(change.AlertId, out var alert)) continue;
                await ApplyAsync(change, alert, ct);
                // Saved (not committed) after each change, so the next one's queries see it: a route, a cancelled timer.
                await db.SaveChangesAsync(ct);
            }
        }, context.CancellationToken);

    private Task ApplyAsync(AlertChange change, AlertStateRow alert, CancellationToken ct) => change switch
    {
        // Resolved before it was routed (a later change in this batch, or a replay): nobody needs to hear of it now.
        { Opened: { } e } => alert.Status == AlertLifecycle.Resolved ? Task.CompletedTask : routing.RouteAsync(alert, e.Reopened ? "reopened" : "opened", ct),
        { Updated: not null } => followUp.SeverityMayHaveRisenAsync(alert, ct),
        { Acknowledged: not null } => followUp.AcknowledgedAsync(alert, ct),
        { Unacknowledged: not null } => followUp.UnacknowledgedAsync(alert, ct),
        { Resolved: { } e } => followUp.ResolvedAsync(alert, e.Duration, ct),
        { Flapping: { } e } => followUp.FlappingAsync(alert, e.Transitions, e.Window, ct),
        _ => Task.CompletedTask,
    };
}

public sealed class RouteConsumerDefinition : ConsumerDefinition<RouteConsumer>
{
    public RouteConsumerDefinition()
    {
        EndpointName = "opsbot-route";
        // One at a time: the SQLite store has one writer, and an alert's changes must be handled in the order they happened.
        ConcurrentMessageLimit = 1;
    }
}
