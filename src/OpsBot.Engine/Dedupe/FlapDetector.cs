namespace OpsBot.Dedupe;

public sealed record FlapVerdict(IReadOnlyList<DateTimeOffset> RecentTransitions, bool IsFlapping, bool StartedFlapping, bool StoppedFlapping);

/// <summary>
/// An alert is flapping while more than <see cref="DedupeOptions.FlapThreshold"/> firing/resolved transitions
/// fall inside the window. Pure: the caller passes the transition times and the moment to judge at.
/// </summary>
public static class FlapDetector
{
    public static FlapVerdict Evaluate(IEnumerable<DateTimeOffset> transitions, DateTimeOffset now, bool wasFlapping, int threshold, TimeSpan window)
    {
        var recent = transitions.Where(t => t > now - window && t <= now).Order().ToList();
        var flapping = recent.Count > threshold;
        return new FlapVerdict(recent, flapping, flapping && !wasFlapping, !flapping && wasFlapping);
    }
}
