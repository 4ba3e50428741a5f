using System.Text.Json;
using OpsBot.Alerts;
using OpsBot.Ingest;
using OpsBot.Ingest.Alertmanager;

namespace OpsBot.Tests.Ingest.Alertmanager;

public sealed class AlertmanagerPayloadValidationTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 8, 20, 10, 0, 0, TimeSpan.Zero);

    private const string GoodAlert =
        """{"status":"firing","labels":{"alertname":"DiskFull","instance":"db1"},"annotations":{},"startsAt":"2026-08-20T09:00:00Z","endsAt":"0001-01-01T00:00:00Z"}""";

    private static IReadOnlyList<Alert> Normalize(string json) =>
        AlertmanagerNormalizer.Normalize(JsonSerializer.Deserialize<AlertmanagerPayload>(json)!, ReceivedAt);

    [Theory]
    [InlineData("""{"version":"4","status":"firing"}""", "'alerts'")]
    [InlineData("""{"version":"4","alerts":[{"status":"firing","startsAt":"2026-08-20T09:00:00Z"}]}""", "alerts[0].labels")]
    [InlineData("""{"version":"4","alerts":[{"status":"firing","labels":{},"startsAt":"2026-08-20T09:00:00Z"}]}""", "alerts[0].labels")]
    [InlineData("""{"version":"4","alerts":[{"labels":{"alertname":"A"},"startsAt":"2026-08-20T09:00:00Z"}]}""", "alerts[0].status")]
    [InlineData("""{"version":"4","alerts":[{"status":"pending","labels":{"alertname":"A"},"startsAt":"2026-08-20T09:00:00Z"}]}""", "alerts[0].status")]
    [InlineData("""{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"A"}}]}""", "alerts[0].startsAt")]
    [InlineData("""{"version":"4","alerts":[null]}""", "alerts[0]")]
    [InlineData("""{"version":"3","alerts":[]}""", "version")]
    [InlineData("""{"version":"5","alerts":[]}""", "version")]
    public void Normalize_InvalidPayload_ThrowsPayloadExceptionNamingTheField(string json, string fieldMention)
    {
        var error = Assert.Throws<PayloadException>(() => Normalize(json));

        Assert.Contains(fieldMention, error.Message);
    }

    [Fact]
    public void Normalize_SecondAlertInvalid_NamesItsIndex()
    {
        var json = $$$"""{"version":"4","alerts":[{{{GoodAlert}}},{"status":"firing","labels":{"alertname":"B"}}]}""";

        var error = Assert.Throws<PayloadException>(() => Normalize(json));

        Assert.Contains("alerts[1].startsAt", error.Message);
    }

    [Fact]
    public void Normalize_UnknownExtraFields_AreIgnored()
    {
        var alertWithExtra = GoodAlert.TrimEnd('}') + ""","futureField":{"x":[1,2]}}""";
        var json = $$$"""{"version":"4","somethingNew":true,"alerts":[{{{alertWithExtra}}}],"moreStuff":"x"}""";

        var alert = Assert.Single(Normalize(json));

        Assert.Equal("DiskFull", alert.AlertName);
    }

    [Fact]
    public void Normalize_OlderAlertmanagerWithoutNotificationReasonRouteLabelsOrVersion_IsAccepted()
    {
        var json = $$$"""{"receiver":"web\\.hook","status":"firing","alerts":[{{{GoodAlert}}}],"groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"","groupKey":"{}:{}","truncatedAlerts":0}""";

        var payload = JsonSerializer.Deserialize<AlertmanagerPayload>(json)!;
        var alert = Assert.Single(AlertmanagerNormalizer.Normalize(payload, ReceivedAt));

        Assert.Null(payload.NotificationReason);
        Assert.Null(payload.RouteLabels);
        Assert.Equal(AlertSignal.Firing, alert.Status);
    }

    [Fact]
    public void Normalize_MissingFingerprint_IsComputedFromLabels()
    {
        var alert = Assert.Single(Normalize($$$"""{"version":"4","alerts":[{{{GoodAlert}}}]}"""));

        Assert.Equal(LabelFingerprint.Compute(new Dictionary<string, string> { ["alertname"] = "DiskFull", ["instance"] = "db1" }), alert.Fingerprint);
    }

    [Fact]
    public void Normalize_WithoutSummaryAnnotationGeneratorUrlOrGroupKey_FallsBack()
    {
        var alert = Assert.Single(Normalize($$$"""{"version":"4","alerts":[{{{GoodAlert}}}]}"""));

        Assert.Equal("DiskFull", alert.Summary);
        Assert.Empty(alert.Links);
        Assert.Empty(alert.CorrelationKeys);
        Assert.Equal(Severity.Warning, alert.Severity);
        Assert.Null(alert.EndsAt);
    }

    [Fact]
    public void Normalize_NullAnnotations_GiveEmptyMap()
    {
        var json = """{"alerts":[{"status":"resolved","labels":{"alertname":"A"},"startsAt":"2026-08-20T09:00:00Z","endsAt":"2026-08-20T09:30:00Z"}]}""";

        var alert = Assert.Single(Normalize(json));

        Assert.Empty(alert.Annotations);
        Assert.Equal(new DateTimeOffset(2026, 8, 20, 9, 30, 0, TimeSpan.Zero), alert.EndsAt);
    }

    [Fact]
    public void Normalize_EmptyAlertsArray_GivesNoAlerts()
    {
        Assert.Empty(Normalize("""{"version":"4","alerts":[]}"""));
    }
}
