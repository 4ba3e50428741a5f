using MassTransit;
using OpsBot.Contracts;
using OpsBot.Outbox;
using OpsBot.Storage;

namespace OpsBot.Routing;

/// <summary>
/// The route stage on the bus: every change dedupe publishes arrives here, is claimed from the outbox and handled
/// in one transaction. Opened alerts are routed; acknowledgements and resolutions stop escalation and are told to the
/// channels that heard about the alert.
/// </summary>
public sealed class RouteConsumer(
    PipelineTransaction transaction, OpsBotDbContext db, RouteStage routing, AlertFollowUp followUp, Observability.OpsBotMetrics metrics, TimeProvider clock)
    : IConsumer<AlertOpened>, IConsumer<AlertUpdated>, IConsumer<AlertAcknowledged>, IConsumer<AlertUnacknowledged>, IConsumer<AlertResolved>,
      IConsumer<AlertFlapping>
{
    public async Task Consume(ConsumeContext<AlertOpened> context)
    {
        await RunAsync(context, context.Message.AlertId, async (alert, ct) =>
        {
            if (alert.Status == AlertLifecycle.Resolved) return; // resolved before it was routed: nobody needs to hear of it now
            await routing.RouteAsync(alert, context.Message.Reopened ? "reopened" : "opened", ct);
        });
        metrics.StageDuration.Observe(Math.Max(0, (clock.GetUtcNow() - context.Message.Alert.ReceivedAt).TotalSeconds), "route");
    }

    public Task Consume(ConsumeContext<AlertUpdated> context) =>
        RunAsync(context, context.Message.AlertId, (alert, ct) => followUp.SeverityMayHaveRisenAsync(alert, ct));

    public Task Consume(ConsumeContext<AlertAcknowledged> context) =>
        RunAsync(context, context.Message.AlertId, (alert, ct) => followUp.AcknowledgedAsync(alert, ct));

    public Task Consume(ConsumeContext<AlertUnacknowledged> context) =>
        RunAsync(context, context.Message.AlertId, (alert, ct) => followUp.UnacknowledgedAsync(alert, ct));

    public Task Consume(ConsumeContext<AlertResolved> context) =>
        RunAsync(context, context.Message.AlertId, (alert, ct) => followUp.ResolvedAsync(alert, context.Message.Duration, ct));

    public Task Consume(ConsumeContext<AlertFlapping> context) =>
        RunAsync(context, context.Message.AlertId, (alert, ct) => followUp.FlappingAsync(alert, context.Message.Transitions, context.Message.Window, ct));

    private Task RunAsync(ConsumeContext context, long alertId, Func<AlertStateRow, CancellationToken, Task> work) =>
        transaction.RunAsync(context.MessageId, async ct =>
        {
            if (await db.Alerts.FindAsync([alertId], ct) is { } alert) await work(alert, ct);
        }, context.CancellationToken);
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
