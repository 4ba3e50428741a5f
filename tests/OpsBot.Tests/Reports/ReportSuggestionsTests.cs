using OpsBot.Reports;
using static OpsBot.Tests.Reports.ReportSamples;

namespace OpsBot.Tests.Reports;

/// <summary>Each rule raised by the case made for it, and not by a near miss.</summary>
public sealed class ReportSuggestionsTests
{
    private static readonly ReportOptions Options = new();

    private static List<string> Kinds(AlertFigures alert, TeamFigures? team = null) =>
        [.. ReportSuggestions.For([alert], team ?? Team(1, alert.Pages), Options).Select(s => s.Kind)];

    public static TheoryData<string, AlertFigures, string[]> Cases() => new()
    {
        { "never acknowledged", Alert("X", occurrences: 5, neverAcknowledged: 5), ["delete-or-rework"] },
        { "mostly self-resolved", Alert("X", occurrences: 6, neverAcknowledged: 4, selfResolved: 3), ["delete-or-rework"] },
        { "too few", Alert("X", occurrences: 4, neverAcknowledged: 4), [] },
        { "acted on", Alert("X", occurrences: 6, neverAcknowledged: 2, selfResolved: 2), [] },
        { "night pages, none acted on", Alert("X", occurrences: 2, pages: 2, off: 1, sleep: 1, neverAcknowledged: 2), ["route-to-chat"] },
        { "one page in hours", Alert("X", occurrences: 2, pages: 2, business: 1, sleep: 1, neverAcknowledged: 2), [] },
        { "night pages acknowledged", Alert("X", occurrences: 2, pages: 2, sleep: 2, neverAcknowledged: 1), [] },
        { "flapping", Alert("X", occurrences: 3, flapping: 2), ["add-hysteresis"] },
        { "flapped once", Alert("X", occurrences: 3, flapping: 1), [] },
        { "frequent without runbook", Alert("X", occurrences: 5, runbook: false), ["write-runbook"] },
        { "rare without runbook", Alert("X", occurrences: 4, runbook: false), [] },
        { "dry runs all fine", Alert("X", fixes: new FixFigures(3, 0, 0, 0)), ["enable-fix"] },
        { "a dry run too few", Alert("X", fixes: new FixFigures(2, 0, 0, 0)), [] },
        { "a failure", Alert("X", fixes: new FixFigures(4, 0, 1, 0)), [] },
        { "a refusal", Alert("X", fixes: new FixFigures(4, 0, 0, 1)), [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule(string because, AlertFigures alert, string[] expected)
    {
        Assert.True(expected.SequenceEqual(Kinds(alert)), because);
    }

    [Fact]
    public void LookAtHost_NeedsHalfTheTeamsPagesAndThreeOfThem()
    {
        var alert = Alert("X", occurrences: 3, pages: 3, business: 3, neverAcknowledged: 0, host: "db-9", hostPages: 3);

        Assert.Equal(["look-at-host"], Kinds(alert, Team(2, 6)));
        Assert.Empty(Kinds(alert, Team(2, 7)));
        Assert.Empty(Kinds(alert with { TopHostPages = 2, Pages = 2 }, Team(2, 2)));
    }

    [Fact]
    public void LookAtHost_AddsUpTheHostAcrossAlerts()
    {
        var a = Alert("A", pages: 2, business: 2, host: "db-9", hostPages: 2);
        var b = Alert("B", pages: 1, business: 1, host: "db-9", hostPages: 1);

        var s = Assert.Single(ReportSuggestions.For([a, b], Team(2, 4), Options));
        Assert.Equal(("A", "look-at-host"), (s.AlertName, s.Kind));
        Assert.Equal("3 of 4 pages came from db-9, 2 of them A", s.Because);
    }

    [Fact]
    public void Suggestions_FollowTheAlertsOrderAndNameTheFigures()
    {
        var quiet = Alert("Quiet", flapping: 2);
        var loud = Alert("Loud", occurrences: 14, neverAcknowledged: 14, selfResolved: 12, runbook: false);

        var all = ReportSuggestions.For([loud, quiet], Team(2, 0), Options);

        Assert.Equal(["Loud", "Loud", "Quiet"], all.Select(s => s.AlertName));
        Assert.Equal("14 occurrences, none acknowledged, 12 resolved by themselves within 5 minutes", all[0].Because);
        Assert.Equal("Nobody acts on Loud: candidate for deletion or a longer for:", all[0].Text);
    }
}
