using OpsBot.Handlers;
using OpsBot.Notify.Cards;
using OpsBot.Storage;

namespace OpsBot.Enrich;

/// <summary>Runbook steps from the matching handler in handlers/, with the alert's labels filled in; the alert's own annotations when none matches.</summary>
public sealed class HandlerRunbooks(HandlerCatalog catalog) : IRunbookSource
{
    private readonly AnnotationRunbooks _annotations = new();

    public IReadOnlyList<string> StepsFor(AlertStateRow alert)
    {
        var context = catalog.ContextFor(alert);
        var handler = catalog.Find(context, alert.AlertName);
        if (handler is null) return _annotations.StepsFor(alert);
        return handler.Runbook.Select(step => HandlerTemplate.RenderText(step, context)).ToList();
    }
}
