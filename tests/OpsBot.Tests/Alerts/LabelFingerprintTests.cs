using System.Text.Json;
using OpsBot.Alerts;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Alerts;

public sealed class LabelFingerprintTests
{
    private const string FiringFixture = "alertmanager-webhook-v4-firing.json";

    public static TheoryData<int> FixtureAlertIndexes() => [0, 1];

    [Theory]
    [MemberData(nameof(FixtureAlertIndexes))]
    public void Compute_ReproducesAlertmanagersFingerprint(int index)
    {
        var alert = Fixtures.JsonElement(FiringFixture).GetProperty("alerts")[index];
        var labels = alert.GetProperty("labels").Deserialize<Dictionary<string, string>>()!;

        Assert.Equal(alert.GetProperty("fingerprint").GetString(), LabelFingerprint.Compute(labels));
    }

    [Fact]
    public void Compute_FixtureFingerprintsAreTheExpectedLiterals()
    {
        var alerts = Fixtures.JsonElement(FiringFixture).GetProperty("alerts");
        var computed = alerts.EnumerateArray()
            .Select(a => LabelFingerprint.Compute(a.GetProperty("labels").Deserialize<Dictionary<string, string>>()!))
            .ToArray();

        Assert.Equal(["9692e376846c2652", "4645ac3326787d2d"], computed);
    }

    [Fact]
    public void Compute_EmptyLabelSet_IsTheFnvOffsetBasis()
    {
        // prometheus/common model: emptyLabelSignature = hashNew() = 14695981039346656037.
        Assert.Equal("cbf29ce484222325", LabelFingerprint.Compute(new Dictionary<string, string>()));
    }

    [Fact]
    public void Compute_MatchesPrometheusCommonTestVector()
    {
        // prometheus/common model TestMetricToFingerprint.
        var labels = new Dictionary<string, string> { ["name"] = "garland, briggs", ["fear"] = "love is not enough" };

        Assert.Equal(5799056148416392346UL.ToString("x16"), LabelFingerprint.Compute(labels));
    }

    [Fact]
    public void Compute_IsIndependentOfInsertionOrder()
    {
        var forward = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["c"] = "3" };
        var backward = new Dictionary<string, string> { ["c"] = "3", ["b"] = "2", ["a"] = "1" };

        Assert.Equal(LabelFingerprint.Compute(forward), LabelFingerprint.Compute(backward));
    }

    [Theory]
    [InlineData("ab", "c", "a", "bc")]   // the 0xFF separator keeps name/value boundaries apart
    [InlineData("a", "x", "a", "y")]
    [InlineData("a", "x", "b", "x")]
    public void Compute_DifferentLabelSets_GiveDifferentFingerprints(string name1, string value1, string name2, string value2)
    {
        var first = LabelFingerprint.Compute(new Dictionary<string, string> { [name1] = value1 });
        var second = LabelFingerprint.Compute(new Dictionary<string, string> { [name2] = value2 });

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Compute_IsSixteenLowercaseHexDigits()
    {
        var fingerprint = LabelFingerprint.Compute(new Dictionary<string, string> { ["alertname"] = "Ünïcode" });

        Assert.Matches("^[0-9a-f]{16}$", fingerprint);
    }
}
