using OpsBot.Alerts;
using OpsBot.Dedupe;
using static OpsBot.Tests.Dedupe.DedupeTestData;

namespace OpsBot.Tests.Dedupe;

public sealed class CorrelationKeysTests
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["alertname"] = "DiskFull", ["instance"] = "db1:9100", ["job_2"] = "node", ["empty"] = "",
    };

    [Theory]
    [InlineData("{alertname}/{instance}", "DiskFull/db1:9100")]
    [InlineData("{alertname}", "DiskFull")]
    [InlineData("prefix-{job_2}-suffix", "prefix-node-suffix")]
    [InlineData("{alertname}{alertname}", "DiskFullDiskFull")]
    [InlineData("static-key", "static-key")]
    [InlineData("{empty}/{alertname}", null)]                 // an empty value is no label, as in Prometheus
    [InlineData("{1bad}/{alertname}", "{1bad}/DiskFull")]   // not a label name: left as text
    [InlineData("{with space}", "{with space}")]
    [InlineData("", null)]                                    // an empty key would join every alert
    [InlineData("{alertname}/{missing}", null)]               // a label the alert lacks: no key
    [InlineData("{missing}", null)]
    [InlineData("{Alertname}", null)]                         // label names are case-sensitive
    public void Render(string template, string? expected)
    {
        Assert.Equal(expected, CorrelationKeys.Render(template, Labels));
    }

    [Fact]
    public void FingerprintKey_IsPrefixed()
    {
        Assert.Equal("fp:9692e376846c2652", CorrelationKeys.FingerprintKey("9692e376846c2652"));
    }

    [Fact]
    public void CorrelationKeysOf_AlertKeysThenRenderedTemplates_PrefixedAndDistinct()
    {
        var alert = Incoming(AlertSignal.Firing) with { CorrelationKeys = ["d3640fbd41094207a1c11e58e46b1662", "DiskFull/db1"] };

        var keys = CorrelationKeys.CorrelationKeysOf(alert, ["{alertname}/{instance}", "{alertname}/{missing}", "{instance}"]).ToList();

        Assert.Equal(["ck:d3640fbd41094207a1c11e58e46b1662", "ck:DiskFull/db1", "ck:db1"], keys);
    }

    [Fact]
    public void CorrelationKeysOf_NoKeysAndNoTemplates_IsEmpty()
    {
        Assert.Empty(CorrelationKeys.CorrelationKeysOf(Incoming(AlertSignal.Firing), []));
    }

    [Fact]
    public void CorrelationKeysOf_TemplateOnly()
    {
        Assert.Equal(["ck:DiskFull@db1"], CorrelationKeys.CorrelationKeysOf(Incoming(AlertSignal.Firing), ["{alertname}@{instance}"]));
    }
}
