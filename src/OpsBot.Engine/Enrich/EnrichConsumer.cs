using System.Text;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpsBot.Contracts;
using OpsBot.Diagnostics;
using OpsBot.Handlers;
using OpsBot.Notify;
using OpsBot.Outbox;
using OpsBot.Remediate;
using OpsBot.Storage;

namespace OpsBot.Enrich;

/// <summary>
/// The enrich stage: for a new alert that a handler matches, runs the handler's diagnostics (outside any
/// transaction: they wait on the network), then in one transaction stores them, says them in the alert's thread,
/// and proposes the handler's fix under the team's policy.
/// </summary>
public sealed class EnrichConsumer(OpsBotDbContext db, PipelineTransaction transaction, HandlerCatalog catalog, DiagnosticsRunner diagnostics,
    FixRuns fixes, AlertThread thread, TimeProvider clock, ILogger<EnrichConsumer> logger) : IConsumer<EnrichRequested>
{
    public async Task Consume(ConsumeContext<EnrichRequested> context)
    {
        var ct = context.CancellationToken;
        var alert = await db.Alerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == context.Message.AlertId, ct);
        if (alert is null) return;
        var alertContext = catalog.ContextFor(alert);
        var handler = catalog.Find(alertContext, alert.AlertName);
        var results = handler is null ? [] : await diagnostics.RunAsync(handler, alertContext, ct);

        await transaction.RunAsync(context.MessageId, async token =>
        {
            if (handler is null) return;
            var tracked = await db.Alerts.FirstAsync(a => a.Id == alert.Id, token);
            var now = clock.GetUtcNow();
            foreach (var r in results)
                db.DiagnosticRuns.Add(new DiagnosticRunRow { AlertId = alert.Id, Handler = handler.Name, Name = r.Name, Ok = r.Ok, LooksWrong = r.LooksWrong, Output = r.Output, At = now });
            if (results.Count > 0) await thread.TellAsync(tracked, NotificationKind.Diagnostics, Render(handler, results), token);
            await fixes.ProposeAsync(tracked, handler, alertContext, results, token);
        }, ct);
        if (handler is not null) logger.LogInformation("Alert {AlertId} {AlertName} enriched by handler {Handler}: {Count} diagnostic(s)", alert.Id, alert.AlertName, handler.Name, results.Count);
    }

    private static string Render(AlertHandler handler, IReadOnlyList<DiagnosticResult> results)
    {
        var text = new StringBuilder($"Diagnostics ({handler.Name}):\n");
        foreach (var r in results)
            text.Append($"• {r.Name}{(r.Ok ? "" : " (did not run cleanly)")}:\n```\n{(r.Output.Length > 1200 ? r.Output[..1200] + "\n…" : r.Output)}\n```\n");
        return text.ToString().TrimEnd();
    }
}

public sealed class EnrichConsumerDefinition : ConsumerDefinition<EnrichConsumer>
{
    public EnrichConsumerDefinition()
    {
        EndpointName = "opsbot-enrich";
        ConcurrentMessageLimit = 8;
    }
}
