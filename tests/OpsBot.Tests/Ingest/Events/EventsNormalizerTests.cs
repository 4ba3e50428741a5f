using OpsBot.Alerts;
using OpsBot.Ingest.Events;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Ingest.Events;

public sealed class EventsNormalizerTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 8, 20, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FixtureTimestamp = new(2015, 7, 17, 8, 42, 58, 315, TimeSpan.Zero);

    private static Alert Normalize(string fixture)
    {
        var body = Fixtures.Json<EventsPayload>(fixture);
        return EventsNormalizer.Normalize(body, EventsNormalizer.DedupKeyOf(body, () => "generated"), ReceivedAt);
    }

    [Fact]
    public void Normalize_OpenApiTrigger_MapsLabelsFromClassAndSource()
    {
        var alert = Normalize("pagerduty-events-v2-trigger.json");

        Assert.Equal(AlertSource.Events, alert.Source);
        Assert.Equal(AlertSignal.Firing, alert.Status);
        Assert.Equal(new Dictionary<string, string>
        {
            ["alertname"] = "disk", ["instance"] = "prod-datapipe03.example.com", ["severity"] = "critical",
            ["dedup_key"] = "srv01/mysql", ["component"] = "mysql", ["group"] = "prod-datapipe", ["class"] = "disk",
        }, alert.Labels);
        Assert.Equal("DISK at 99% on machine prod-datapipe03.example.com", alert.Summary);
        Assert.Equal(Severity.Critical, alert.Severity);
        Assert.Equal(["srv01/mysql"], alert.CorrelationKeys);
        Assert.Equal(EventsNormalizer.FingerprintOf("e93facc04764012d7bfb002500d5d1a6", "srv01/mysql"), alert.Fingerprint);
        Assert.Null(alert.EndsAt);
        Assert.Equal(ReceivedAt, alert.ReceivedAt);
    }

    [Fact]
    public void Normalize_OpenApiTrigger_CustomDetailsBecomeAnnotations()
    {
        var alert = Normalize("pagerduty-events-v2-trigger.json");

        Assert.Equal(new Dictionary<string, string>
        {
            ["summary"] = "DISK at 99% on machine prod-datapipe03.example.com",
            ["free space"] = "1%", ["ping time"] = "1500ms", ["load avg"] = "0.75",
        }, alert.Annotations);
    }

    [Fact]
    public void Normalize_OpenApiTrigger_LinksIncludeClientUrl()
    {
        Assert.Equal(
            [new AlertLink("http://pagerduty.example.com", "An example link."),
             new AlertLink("https://monitoring.service.com", "Sample Monitoring Service")],
            Normalize("pagerduty-events-v2-trigger.json").Links);
    }

    [Theory]
    [InlineData("pagerduty-events-v2-trigger.json")]
    [InlineData("pagerduty-events-v2-trigger-docs.json")]
    public void Normalize_PlusZeroZeroZeroZeroTimestamp_IsParsed(string fixture)
    {
        var startsAt = Normalize(fixture).StartsAt;

        Assert.Equal(FixtureTimestamp, startsAt);
        Assert.Equal(TimeSpan.Zero, startsAt.Offset);
    }

    [Fact]
    public void Normalize_DocsTrigger_InfoSeverityAndLongSource()
    {
        var alert = Normalize("pagerduty-events-v2-trigger-docs.json");

        Assert.Equal(Severity.Info, alert.Severity);
        Assert.Equal("deploy", alert.Labels["alertname"]);
        Assert.Equal("monitoringtool:cloudvendor:central-region-dc-01:852559987:cluster/api-stats-prod-003", alert.Labels["instance"]);
        Assert.Equal("0.75", alert.Annotations["load avg"]);
        Assert.Equal("1500ms", alert.Annotations["ping time"]);
        Assert.Equal(["samplekeyhere"], alert.CorrelationKeys);
        Assert.Equal(
            [new AlertLink("https://example.com/", "Link text"), new AlertLink("https://monitoring.example.com", "Sample Monitoring Service")],
            alert.Links);
    }

    [Theory]
    [InlineData("pagerduty-events-v2-acknowledge.json", AlertSignal.Acknowledged, false)]
    [InlineData("pagerduty-events-v2-resolve.json", AlertSignal.Resolved, true)]
    public void Normalize_AcknowledgeAndResolve_ReferToTheDedupKey(string fixture, AlertSignal expected, bool ended)
    {
        var alert = Normalize(fixture);

        Assert.Equal(expected, alert.Status);
        Assert.Equal(EventsNormalizer.FingerprintOf("routingkeyhere", "dedupkeyhere"), alert.Fingerprint);
        Assert.Equal(new Dictionary<string, string> { ["dedup_key"] = "dedupkeyhere" }, alert.Labels);
        Assert.Equal(["dedupkeyhere"], alert.CorrelationKeys);
        Assert.Equal("dedupkeyhere", alert.Summary);
        Assert.Equal(ReceivedAt, alert.StartsAt);
        Assert.Equal(ended ? ReceivedAt : (DateTimeOffset?)null, alert.EndsAt);
    }

    [Theory]
    [InlineData("2015-07-17T08:42:58.315+0000", "2015-07-17T08:42:58.315+00:00")]
    [InlineData("2015-07-17T08:42:58.315Z", "2015-07-17T08:42:58.315+00:00")]
    [InlineData("2015-07-17T10:42:58.315+02:00", "2015-07-17T08:42:58.315+00:00")]
    [InlineData("2015-07-17T10:42:58.315+0200", "2015-07-17T08:42:58.315+00:00")]
    [InlineData("2015-07-17T08:42:58", "2015-07-17T08:42:58+00:00")] // no offset: taken as UTC
    [InlineData(null, "2026-08-20T10:00:00+00:00")]                // missing: time of receipt
    [InlineData("not a time", "2026-08-20T10:00:00+00:00")]
    public void Normalize_TriggerTimestamp(string? timestamp, string expected)
    {
        var body = Trigger();
        body.Payload!.Timestamp = timestamp;

        var alert = EventsNormalizer.Normalize(body, "k", ReceivedAt);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), alert.StartsAt);
    }

    [Fact]
    public void Normalize_WithoutClass_AlertNameIsSummary()
    {
        var body = Trigger();
        body.Payload!.Class = null;

        var alert = EventsNormalizer.Normalize(body, "k", ReceivedAt);

        Assert.Equal("Disk full", alert.Labels["alertname"]);
        Assert.False(alert.Labels.ContainsKey("class"));
    }

    [Fact]
    public void FingerprintOf_SameRoutingAndDedupKey_IsStable_OtherwiseDiffers()
    {
        var fingerprint = EventsNormalizer.FingerprintOf("routing-a", "srv01/mysql");

        Assert.Equal(fingerprint, EventsNormalizer.FingerprintOf("routing-a", "srv01/mysql"));
        Assert.NotEqual(fingerprint, EventsNormalizer.FingerprintOf("routing-b", "srv01/mysql"));
        Assert.NotEqual(fingerprint, EventsNormalizer.FingerprintOf("routing-a", "srv01/disk"));
        Assert.Matches("^ev:[0-9a-f]{16}$", fingerprint);
    }

    [Fact]
    public void Normalize_TriggerThenResolveFromSameIntegration_ShareAFingerprint()
    {
        var trigger = EventsNormalizer.Normalize(Trigger(), "srv01/mysql", ReceivedAt);
        var resolve = EventsNormalizer.Normalize(new EventsPayload { RoutingKey = "routing-a", EventAction = "resolve" }, "srv01/mysql", ReceivedAt);
        var otherIntegration = EventsNormalizer.Normalize(new EventsPayload { RoutingKey = "routing-b", EventAction = "resolve" }, "srv01/mysql", ReceivedAt);

        Assert.Equal(trigger.Fingerprint, resolve.Fingerprint);
        Assert.NotEqual(trigger.Fingerprint, otherIntegration.Fingerprint);
    }

    internal static EventsPayload Trigger() => new()
    {
        RoutingKey = "routing-a",
        EventAction = "trigger",
        Payload = new EventsAlertPayload { Summary = "Disk full", Source = "db1", Severity = "error", Class = "disk" },
    };
}
