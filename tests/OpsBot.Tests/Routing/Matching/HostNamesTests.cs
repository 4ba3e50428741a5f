using OpsBot.Routing.Matching;

namespace OpsBot.Tests.Routing.Matching;

public sealed class HostNamesTests
{
    private static readonly string[] HostLabels = ["host", "hostname", "instance", "node", "nodename"];

    [Theory]
    [InlineData("web-1", "web-1")]
    [InlineData("web-1:9100", "web-1")]
    [InlineData("10.0.0.5:9100", "10.0.0.5")]
    [InlineData("http://web-1:9100", "web-1")]
    [InlineData("https://example.com/health?x=1", "example.com")]
    [InlineData("tcp://db-1:5432", "db-1")]
    [InlineData("[::1]:9100", "::1")]
    [InlineData("[2001:db8::7]", "2001:db8::7")]
    [InlineData("http://[fe80::1]:9100/metrics", "fe80::1")]
    [InlineData("::1", "::1")]                    // a bare IPv6 address: its last group is no port
    [InlineData("2001:db8::7", "2001:db8::7")]
    [InlineData("web-1:http", "web-1:http")]      // not a numeric port: left alone
    [InlineData("  web-1:9100  ", "web-1")]
    public void FromLabels_StripsSchemePathPortAndBrackets(string instance, string expected)
    {
        var labels = new Dictionary<string, string> { ["instance"] = instance };

        Assert.Equal(expected, HostNames.FromLabels(labels, HostLabels));
    }

    [Theory]
    [InlineData("host=h1,instance=i1:9100,node=n1", "h1")]
    [InlineData("instance=i1:9100,node=n1", "i1")]
    [InlineData("node=n1,instance=i1:9100", "i1")]   // the order of hostLabels decides, not the labels'
    [InlineData("host=,instance=i1", "i1")]          // an empty label is skipped
    [InlineData("host= ,nodename=nn", "nn")]         // so is a blank one
    [InlineData("job=node,alertname=Up", null)]
    public void FromLabels_TakesTheFirstNonEmptyLabelInHostLabelsOrder(string pairs, string? expected)
    {
        var labels = pairs.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

        Assert.Equal(expected, HostNames.FromLabels(labels, HostLabels));
    }

    [Fact]
    public void FromLabels_OnlyConsultsTheConfiguredLabels()
    {
        var labels = new Dictionary<string, string> { ["host"] = "h1", ["pod"] = "p1" };

        Assert.Equal("p1", HostNames.FromLabels(labels, ["pod"]));
        Assert.Null(HostNames.FromLabels(labels, []));
    }
}
