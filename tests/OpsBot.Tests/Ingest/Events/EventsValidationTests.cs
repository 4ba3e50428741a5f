using OpsBot.Ingest;
using OpsBot.Ingest.Events;

namespace OpsBot.Tests.Ingest.Events;

public sealed class EventsValidationTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 8, 20, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("trigger", "given-key", "given-key")]
    [InlineData("acknowledge", "given-key", "given-key")]
    [InlineData("resolve", "given-key", "given-key")]
    [InlineData("trigger", null, "generated-key")]
    [InlineData("trigger", "", "generated-key")]
    public void DedupKeyOf_GivenOrGeneratedForTrigger(string action, string? given, string expected)
    {
        var generated = 0;
        var body = new EventsPayload { RoutingKey = "r", EventAction = action, DedupKey = given };

        var key = EventsNormalizer.DedupKeyOf(body, () => { generated++; return "generated-key"; });

        Assert.Equal(expected, key);
        Assert.Equal(expected == "generated-key" ? 1 : 0, generated);
    }

    [Theory]
    [InlineData("acknowledge", null)]
    [InlineData("acknowledge", "")]
    [InlineData("resolve", null)]
    [InlineData("resolve", "")]
    public void DedupKeyOf_RequiredForAcknowledgeAndResolve(string action, string? given)
    {
        var body = new EventsPayload { RoutingKey = "r", EventAction = action, DedupKey = given };

        var error = Assert.Throws<PayloadException>(() => EventsNormalizer.DedupKeyOf(body, () => "generated"));

        Assert.Contains("dedup_key", error.Message);
    }

    [Theory]
    [InlineData(255, true)]
    [InlineData(256, false)]
    [InlineData(1000, false)]
    public void DedupKeyOf_LongerThan255Characters_IsRefused(int length, bool accepted)
    {
        var key = new string('k', length);
        var body = new EventsPayload { RoutingKey = "r", EventAction = "trigger", DedupKey = key };

        if (accepted)
            Assert.Equal(key, EventsNormalizer.DedupKeyOf(body, () => "generated"));
        else
            Assert.Contains("255", Assert.Throws<PayloadException>(() => EventsNormalizer.DedupKeyOf(body, () => "generated")).Message);
    }

    public static TheoryData<string, Action<EventsPayload>> InvalidTriggers() => new()
    {
        { "payload.summary", b => b.Payload!.Summary = null },
        { "payload.summary", b => b.Payload!.Summary = "   " },
        { "payload.summary", b => b.Payload!.Summary = new string('s', 1025) },
        { "payload.source", b => b.Payload!.Source = null },
        { "payload.source", b => b.Payload!.Source = "" },
        { "payload.severity", b => b.Payload!.Severity = null },
        { "payload.severity", b => b.Payload!.Severity = "fatal" },
        { "payload.severity", b => b.Payload!.Severity = "CRITICAL" },
        { "'payload'", b => b.Payload = null },
        { "event_action", b => b.EventAction = null },
        { "event_action", b => b.EventAction = "escalate" },
        { "event_action", b => b.EventAction = "Trigger" },
    };

    [Theory]
    [MemberData(nameof(InvalidTriggers))]
    public void Normalize_InvalidTrigger_ThrowsPayloadExceptionNamingTheField(string fieldMention, Action<EventsPayload> spoil)
    {
        var body = EventsNormalizerTests.Trigger();
        spoil(body);

        var error = Assert.Throws<PayloadException>(() => EventsNormalizer.Normalize(body, "k", ReceivedAt));

        Assert.Contains(fieldMention, error.Message);
    }

    [Fact]
    public void Normalize_SummaryOfExactly1024Characters_IsAccepted()
    {
        var body = EventsNormalizerTests.Trigger();
        body.Payload!.Summary = new string('s', 1024);

        Assert.Equal(1024, EventsNormalizer.Normalize(body, "k", ReceivedAt).Summary.Length);
    }

    [Theory]
    [InlineData("critical", OpsBot.Alerts.Severity.Critical)]
    [InlineData("error", OpsBot.Alerts.Severity.Error)]
    [InlineData("warning", OpsBot.Alerts.Severity.Warning)]
    [InlineData("info", OpsBot.Alerts.Severity.Info)]
    public void Normalize_TheFourSeverities(string severity, OpsBot.Alerts.Severity expected)
    {
        var body = EventsNormalizerTests.Trigger();
        body.Payload!.Severity = severity;

        var alert = EventsNormalizer.Normalize(body, "k", ReceivedAt);

        Assert.Equal(expected, alert.Severity);
        Assert.Equal(severity, alert.Labels["severity"]);
    }

    [Fact]
    public void Normalize_AcknowledgeWithoutPayload_IsAccepted()
    {
        var alert = EventsNormalizer.Normalize(new EventsPayload { RoutingKey = "r", EventAction = "acknowledge" }, "k", ReceivedAt);

        Assert.Equal(OpsBot.Alerts.AlertSignal.Acknowledged, alert.Status);
    }
}
