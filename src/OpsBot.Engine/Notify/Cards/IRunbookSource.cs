using OpsBot.Storage;

namespace OpsBot.Notify.Cards;

/// <summary>The steps to fix an alert. The handlers catalogue provides these when present; until then the alert's own annotations do.</summary>
public interface IRunbookSource
{
    IReadOnlyList<string> StepsFor(AlertStateRow alert);
}

/// <summary>Runbook steps from the alert's annotations: its description and a runbook link, the way Prometheus rules usually carry them.</summary>
public sealed class AnnotationRunbooks : IRunbookSource
{
    public IReadOnlyList<string> StepsFor(AlertStateRow alert)
    {
        var annotations = Dedupe.AlertStateMapper.Annotations(alert);
        var steps = new List<string>();
        if (annotations.GetValueOrDefault("description") is { Length: > 0 } description) steps.Add(description);
        foreach (var key in new[] { "runbook_url", "runbook" })
            if (annotations.GetValueOrDefault(key) is { Length: > 0 } url) steps.Add($"Follow the runbook: {url}");
        return steps;
    }
}
