using OpsBot.Dedupe;
using static OpsBot.Tests.Dedupe.DedupeTestData;

namespace OpsBot.Tests.Dedupe;

public sealed class FlapDetectorTests
{
    private const int Threshold = 4;
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset Now = T0.AddHours(1);

    private static FlapVerdict Judge(int[] minutesBeforeNow, bool wasFlapping) =>
        FlapDetector.Evaluate(minutesBeforeNow.Select(m => Now.AddMinutes(-m)), Now, wasFlapping, Threshold, Window);

    [Theory]
    // transitions (minutes before now)     wasFlapping  recent  flapping  started  stopped
    [InlineData(new int[0], false, 0, false, false, false)]
    [InlineData(new[] { 1, 2, 3 }, false, 3, false, false, false)]                 // below threshold
    [InlineData(new[] { 1, 2, 3, 4 }, false, 4, false, false, false)]              // at threshold: not more than it
    [InlineData(new[] { 1, 2, 3, 4, 5 }, false, 5, true, true, false)]             // above: starts flapping
    [InlineData(new[] { 1, 2, 3, 4, 5 }, true, 5, true, false, false)]             // already flapping: no second start
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7 }, true, 7, true, false, false)]
    [InlineData(new[] { 1, 2, 3, 4 }, true, 4, false, false, true)]                // falls back to threshold: stops
    [InlineData(new[] { 1 }, true, 1, false, false, true)]
    [InlineData(new[] { 1, 2, 3, 4, 61, 90, 300 }, false, 4, false, false, false)] // outside the window: pruned
    [InlineData(new[] { 1, 2, 3, 61, 62, 63 }, true, 3, false, false, true)]
    [InlineData(new[] { 0, 59, 58, 57, 56 }, false, 5, true, true, false)]         // "now" itself counts
    [InlineData(new[] { 60, 1, 2, 3, 4 }, false, 4, false, false, false)]          // exactly a window ago is out
    [InlineData(new[] { -5, 1, 2, 3, 4 }, false, 4, false, false, false)]          // a future time is not counted
    public void Evaluate_Table(int[] minutesBeforeNow, bool wasFlapping, int recent, bool flapping, bool started, bool stopped)
    {
        var verdict = Judge(minutesBeforeNow, wasFlapping);

        Assert.Equal(recent, verdict.RecentTransitions.Count);
        Assert.Equal(flapping, verdict.IsFlapping);
        Assert.Equal(started, verdict.StartedFlapping);
        Assert.Equal(stopped, verdict.StoppedFlapping);
    }

    [Fact]
    public void Evaluate_RecentTransitionsAreOrderedAndExcludePrunedOnes()
    {
        var verdict = Judge([5, 120, 1, 30, 61], wasFlapping: false);

        Assert.Equal([Now.AddMinutes(-30), Now.AddMinutes(-5), Now.AddMinutes(-1)], verdict.RecentTransitions);
    }

    [Fact]
    public void Evaluate_StartedFlappingOnlyOnTheFirstCrossing()
    {
        var transitions = new List<DateTimeOffset>();
        var flapping = false;
        var starts = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            var at = T0.AddMinutes(i);
            transitions.Add(at);
            var verdict = FlapDetector.Evaluate(transitions, at, flapping, Threshold, Window);
            if (verdict.StartedFlapping) starts.Add(i);
            flapping = verdict.IsFlapping;
        }

        Assert.Equal([Threshold], starts); // the 5th transition (index 4) crosses "more than 4"
        Assert.True(flapping);
    }

    [Fact]
    public void Evaluate_StopsOnceTheWindowHasMovedPastTheBurst()
    {
        var burst = Enumerable.Range(0, 6).Select(i => T0.AddMinutes(i)).ToList();
        var during = FlapDetector.Evaluate(burst, T0.AddMinutes(5), false, Threshold, Window);
        var after = FlapDetector.Evaluate(burst.Append(T0.AddMinutes(90)), T0.AddMinutes(90), during.IsFlapping, Threshold, Window);

        Assert.True(during.StartedFlapping);
        Assert.True(after.StoppedFlapping);
        Assert.False(after.IsFlapping);
        Assert.Equal([T0.AddMinutes(90)], after.RecentTransitions);
    }
}
