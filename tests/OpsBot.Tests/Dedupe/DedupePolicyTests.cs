using OpsBot.Alerts;
using OpsBot.Dedupe;
using OpsBot.Storage;
using static OpsBot.Tests.Dedupe.DedupeTestData;

namespace OpsBot.Tests.Dedupe;

public sealed class DedupePolicyTests
{
    private const AlertSource AM = AlertSource.Alertmanager;
    private const AlertSource PD = AlertSource.PagerDuty;
    private const AlertSource EV = AlertSource.Events;

    [Theory]
    // no state yet
    [InlineData(null, AM, 0, AlertSignal.Firing, AM, 0, DedupeOutcome.Opened)]
    [InlineData(null, AM, 0, AlertSignal.Firing, PD, 0, DedupeOutcome.Opened)]
    [InlineData(null, AM, 0, AlertSignal.Resolved, AM, 0, DedupeOutcome.Stale)]       // resolution with no state
    [InlineData(null, AM, 0, AlertSignal.Acknowledged, PD, 0, DedupeOutcome.Stale)]
    [InlineData(null, AM, 0, AlertSignal.Annotated, PD, 0, DedupeOutcome.Stale)]
    // firing
    [InlineData(AlertLifecycle.Firing, AM, 0, AlertSignal.Firing, AM, 0, DedupeOutcome.Repeated)]
    [InlineData(AlertLifecycle.Firing, AM, 0, AlertSignal.Resolved, AM, 0, DedupeOutcome.Resolved)]
    [InlineData(AlertLifecycle.Firing, AM, 0, AlertSignal.Acknowledged, PD, 0, DedupeOutcome.Acknowledged)]
    [InlineData(AlertLifecycle.Firing, PD, 0, AlertSignal.Acknowledged, PD, 0, DedupeOutcome.Acknowledged)]
    [InlineData(AlertLifecycle.Firing, AM, 0, AlertSignal.Annotated, PD, 0, DedupeOutcome.Annotated)]
    [InlineData(AlertLifecycle.Firing, AM, 0, AlertSignal.Resolved, PD, 0, DedupeOutcome.Resolved)]
    // acknowledged
    [InlineData(AlertLifecycle.Acknowledged, AM, 0, AlertSignal.Acknowledged, PD, 0, DedupeOutcome.Repeated)]
    [InlineData(AlertLifecycle.Acknowledged, AM, 0, AlertSignal.Resolved, AM, 0, DedupeOutcome.Resolved)]
    [InlineData(AlertLifecycle.Acknowledged, AM, 0, AlertSignal.Firing, AM, 0, DedupeOutcome.Repeated)]
    [InlineData(AlertLifecycle.Acknowledged, AM, 0, AlertSignal.Annotated, PD, 0, DedupeOutcome.Annotated)]
    // resolved
    [InlineData(AlertLifecycle.Resolved, AM, 0, AlertSignal.Firing, AM, 30, DedupeOutcome.Reopened)]
    [InlineData(AlertLifecycle.Resolved, AM, 0, AlertSignal.Firing, AM, 0, DedupeOutcome.Stale)]      // late firing copy of the resolved episode
    [InlineData(AlertLifecycle.Resolved, AM, 0, AlertSignal.Firing, PD, 0, DedupeOutcome.Reopened)]   // only AM startsAt names an episode
    [InlineData(AlertLifecycle.Resolved, PD, 0, AlertSignal.Firing, PD, 0, DedupeOutcome.Reopened)]
    [InlineData(AlertLifecycle.Resolved, AM, 0, AlertSignal.Resolved, AM, 0, DedupeOutcome.Stale)]    // resolution of resolved
    [InlineData(AlertLifecycle.Resolved, AM, 0, AlertSignal.Resolved, PD, 0, DedupeOutcome.Stale)]
    [InlineData(AlertLifecycle.Resolved, AM, 0, AlertSignal.Acknowledged, PD, 0, DedupeOutcome.Stale)]
    [InlineData(AlertLifecycle.Resolved, AM, 0, AlertSignal.Annotated, PD, 0, DedupeOutcome.Stale)]
    // older Alertmanager episode
    [InlineData(AlertLifecycle.Firing, AM, 30, AlertSignal.Firing, AM, 0, DedupeOutcome.Stale)]
    [InlineData(AlertLifecycle.Firing, AM, 30, AlertSignal.Resolved, AM, 0, DedupeOutcome.Stale)]
    [InlineData(AlertLifecycle.Resolved, AM, 30, AlertSignal.Firing, AM, 0, DedupeOutcome.Stale)]
    [InlineData(AlertLifecycle.Acknowledged, AM, 30, AlertSignal.Resolved, AM, 0, DedupeOutcome.Stale)]
    // episode times from other sources are not compared
    [InlineData(AlertLifecycle.Firing, PD, 30, AlertSignal.Resolved, PD, 0, DedupeOutcome.Resolved)]
    [InlineData(AlertLifecycle.Firing, AM, 30, AlertSignal.Resolved, EV, 0, DedupeOutcome.Resolved)]
    [InlineData(AlertLifecycle.Firing, EV, 30, AlertSignal.Firing, AM, 0, DedupeOutcome.Repeated)]
    public void Decide(AlertLifecycle? stateStatus, AlertSource stateSource, int episodeMinute,
        AlertSignal signal, AlertSource source, int startMinute, DedupeOutcome expected)
    {
        var state = stateStatus is { } status ? State(status, stateSource, episodeMinute) : null;

        var decision = DedupePolicy.Decide(state, Incoming(signal, source, startMinute));

        Assert.Equal(expected, decision.Outcome);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
    }

    [Theory]
    [InlineData(AlertLifecycle.Firing, Severity.Warning, "Disk full", "summary", "Disk full", DedupeOutcome.Updated)]
    [InlineData(AlertLifecycle.Firing, Severity.Critical, "Disk nearly full", "summary", "Disk full", DedupeOutcome.Updated)]
    [InlineData(AlertLifecycle.Firing, Severity.Critical, "Disk full", "summary", "Disk 99% full", DedupeOutcome.Updated)]
    [InlineData(AlertLifecycle.Firing, Severity.Critical, "Disk full", "runbook", "Disk full", DedupeOutcome.Updated)]
    [InlineData(AlertLifecycle.Acknowledged, Severity.Warning, "Disk full", "summary", "Disk full", DedupeOutcome.Updated)]
    [InlineData(AlertLifecycle.Firing, Severity.Critical, "Disk full", "summary", "Disk full", DedupeOutcome.Repeated)]
    public void Decide_ContentChangeFromTheSameSource(AlertLifecycle status, Severity severity, string summary,
        string annotationKey, string annotationValue, DedupeOutcome expected)
    {
        var incoming = Incoming(AlertSignal.Firing, AlertSource.Alertmanager, 0, severity, summary,
            new Dictionary<string, string> { [annotationKey] = annotationValue });

        Assert.Equal(expected, DedupePolicy.Decide(State(status), incoming).Outcome);
    }

    [Fact]
    public void Decide_ExtraAnnotation_IsAnUpdate()
    {
        var incoming = Incoming(AlertSignal.Firing, annotations: new() { ["summary"] = "Disk full", ["runbook"] = "https://runbooks/disk" });

        Assert.Equal(DedupeOutcome.Updated, DedupePolicy.Decide(State(AlertLifecycle.Firing), incoming).Outcome);
    }

    [Fact]
    public void Decide_ContentFromAnotherSource_IsNotAnUpdate()
    {
        var incoming = Incoming(AlertSignal.Firing, AlertSource.PagerDuty, severity: Severity.Info, summary: "Other words");

        Assert.Equal(DedupeOutcome.Repeated, DedupePolicy.Decide(State(AlertLifecycle.Firing), incoming).Outcome);
    }

    [Theory]
    [InlineData("incident.unacknowledged")]
    [InlineData("incident.priority_updated")]
    public void Decide_PagerDutySaysTriggeredAgainOnAcknowledgedAlert_ReturnsItToFiring(string eventType)
    {
        // PagerDutyNormalizer maps both to AlertSignal.Firing; PagerDuty restates the incident's status, so for its
        // own deliveries Firing after Acknowledged means the acknowledgement ended (timeout or manual un-ack).
        var incoming = Incoming(AlertSignal.Firing, AlertSource.PagerDuty) with
        {
            Annotations = new() { ["summary"] = "Disk full" },
            Labels = new() { ["pagerduty_incident"] = "PGR0VU2", ["pagerduty_event"] = eventType },
        };

        var decision = DedupePolicy.Decide(State(AlertLifecycle.Acknowledged, AlertSource.PagerDuty), incoming);

        Assert.Equal(DedupeOutcome.Unacknowledged, decision.Outcome);
        Assert.Equal(AlertLifecycle.Firing, decision.NewStatus);
    }

    [Theory]
    [InlineData(DedupeOutcome.Opened, AlertLifecycle.Firing, true)]
    [InlineData(DedupeOutcome.Reopened, AlertLifecycle.Firing, true)]
    [InlineData(DedupeOutcome.Resolved, AlertLifecycle.Resolved, true)]
    [InlineData(DedupeOutcome.Acknowledged, AlertLifecycle.Acknowledged, false)]
    [InlineData(DedupeOutcome.Unacknowledged, AlertLifecycle.Firing, false)]
    [InlineData(DedupeOutcome.Repeated, null, false)]
    [InlineData(DedupeOutcome.Updated, null, false)]
    [InlineData(DedupeOutcome.Annotated, null, false)]
    [InlineData(DedupeOutcome.Stale, null, false)]
    public void Decision_NewStatusAndIsTransition(DedupeOutcome outcome, AlertLifecycle? newStatus, bool isTransition)
    {
        var decision = new DedupeDecision(outcome, "reason");

        Assert.Equal(newStatus, decision.NewStatus);
        Assert.Equal(isTransition, decision.IsTransition);
    }

    [Fact]
    public void Decision_TableCoversEveryOutcome()
    {
        Assert.Equal(9, Enum.GetValues<DedupeOutcome>().Length);
    }
}
