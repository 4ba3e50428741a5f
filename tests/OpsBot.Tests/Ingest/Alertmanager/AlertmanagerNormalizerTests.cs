using System.Security.Cryptography;
using System.Text;
using OpsBot.Alerts;
using OpsBot.Ingest.Alertmanager;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Ingest.Alertmanager;

public sealed class AlertmanagerNormalizerTests
{
    private const string Firing = "alertmanager-webhook-v4-firing.json";
    private const string Resolved = "alertmanager-webhook-v4-resolved.json";
    private static readonly DateTimeOffset ReceivedAt = new(2026, 8, 20, 10, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<Alert> Normalize(string fixture) =>
        AlertmanagerNormalizer.Normalize(Fixtures.Json<AlertmanagerPayload>(fixture), ReceivedAt);

    [Theory]
    [InlineData(Firing)]
    [InlineData(Resolved)]
    public void Normalize_KeepsAlertmanagersFingerprints(string fixture)
    {
        Assert.Equal(["9692e376846c2652", "4645ac3326787d2d"], Normalize(fixture).Select(a => a.Fingerprint));
    }

    [Theory]
    [InlineData(Firing, AlertSignal.Firing)]
    [InlineData(Resolved, AlertSignal.Resolved)]
    public void Normalize_MapsStatus(string fixture, AlertSignal expected)
    {
        Assert.All(Normalize(fixture), a => Assert.Equal(expected, a.Status));
    }

    [Theory]
    [InlineData(Firing)]
    [InlineData(Resolved)]
    public void Normalize_CarriesLabelsAnnotationsAndSummary(string fixture)
    {
        var alert = Normalize(fixture)[0];

        Assert.Equal(AlertSource.Alertmanager, alert.Source);
        Assert.Equal(new Dictionary<string, string>
        {
            ["alertname"] = "InstanceDown", ["instance"] = "node1:9100", ["job"] = "node", ["severity"] = "critical",
        }, alert.Labels);
        Assert.Equal(new Dictionary<string, string>
        {
            ["description"] = "node1:9100 of job node has been down for more than 5 minutes.",
            ["summary"] = "Instance node1:9100 down",
        }, alert.Annotations);
        Assert.Equal("Instance node1:9100 down", alert.Summary);
        Assert.Equal("InstanceDown", alert.AlertName);
        Assert.Equal(Severity.Critical, alert.Severity);
        Assert.Equal(ReceivedAt, alert.ReceivedAt);
        Assert.Equal("Instance node2:9100 down", Normalize(fixture)[1].Summary);
    }

    [Fact]
    public void Normalize_Firing_HasStartsAtAndNoEndForGoZeroTime()
    {
        var alerts = Normalize(Firing);

        Assert.Equal(new DateTimeOffset(2026, 8, 20, 9, 15, 30, 123, TimeSpan.Zero), alerts[0].StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 8, 20, 9, 16, 0, 456, TimeSpan.Zero), alerts[1].StartsAt);
        Assert.All(alerts, a => Assert.Null(a.EndsAt));
    }

    [Fact]
    public void Normalize_Resolved_HasEndsAt()
    {
        var alerts = Normalize(Resolved);

        Assert.Equal(new DateTimeOffset(2026, 8, 20, 9, 15, 30, 123, TimeSpan.Zero), alerts[0].StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 8, 20, 9, 45, 30, 123, TimeSpan.Zero), alerts[0].EndsAt);
        Assert.Equal(new DateTimeOffset(2026, 8, 20, 9, 46, 0, 456, TimeSpan.Zero), alerts[1].EndsAt);
    }

    [Theory]
    [InlineData(Firing)]
    [InlineData(Resolved)]
    public void Normalize_LinksGeneratorUrlWithDecodedAmpersandAndExternalUrl(string fixture)
    {
        var alert = Normalize(fixture)[0];

        Assert.Equal(
            [new AlertLink("http://prometheus:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1", "Source"),
             new AlertLink("http://alertmanager:9093", "Alertmanager")],
            alert.Links);
    }

    [Theory]
    [InlineData(Firing)]
    [InlineData(Resolved)]
    public void Normalize_CorrelationKeyIsLowercaseSha256OfGroupKey(string fixture)
    {
        const string groupKey = "{}:{alertname=\"InstanceDown\"}";
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(groupKey)));

        Assert.All(Normalize(fixture), a => Assert.Equal([expected], a.CorrelationKeys));
        Assert.Matches("^[0-9a-f]{64}$", expected);
    }

    [Fact]
    public void Normalize_FiringAndResolvedFixturesDescribeTheSameAlerts()
    {
        var firing = Normalize(Firing);
        var resolved = Normalize(Resolved);

        Assert.Equal(firing.Select(a => a.Fingerprint), resolved.Select(a => a.Fingerprint));
        Assert.Equal(firing.Select(a => a.StartsAt), resolved.Select(a => a.StartsAt));
        Assert.Equal(firing[0].CorrelationKeys, resolved[0].CorrelationKeys);
    }
}
