using OpsBot.Routing.Matching;

namespace OpsBot.Tests.Routing.Matching;

public sealed class MatchersTests
{
    [Theory]
    [InlineData("{a=\"b\", c=~\"d\"}", "a=\"b\"|c=~\"d\"")]
    [InlineData("a=\"b\", c=~\"d\"", "a=\"b\"|c=~\"d\"")]
    [InlineData("  { a = b , c !~ d }  ", "a=\"b\"|c!~\"d\"")]
    [InlineData("{a=\"x,y\",b!=\"}{\"}", "a=\"x,y\"|b!=\"}{\"")]
    [InlineData("{a=\"say \\\"hi, you\\\"\", b=c}", "a=\"say \\\"hi, you\\\"\"|b=\"c\"")]
    [InlineData("{a=\"back\\\\\", b=c}", "a=\"back\\\\\"|b=\"c\"")]
    [InlineData("{a=b,}", "a=\"b\"")]
    [InlineData("{a=~\"x{1,3}\"}", "a=~\"x{1,3}\"")]
    [InlineData("{}", "")]
    [InlineData("  ", "")]
    public void ParseSet_SplitsOnCommasOutsideQuotes(string text, string expected)
    {
        var matchers = Matchers.ParseSet(text);

        Assert.Equal(expected, string.Join("|", matchers));
    }

    [Theory]
    [InlineData("{a=b", "matcher set '{a=b': unbalanced braces")]
    [InlineData("a=b}", "matcher set 'a=b}': unbalanced braces")]
    [InlineData("{", "matcher set '{': unbalanced braces")]
    [InlineData("{a=b,,c=d}", "matcher set '{a=b,,c=d}': element 2 is empty")]
    [InlineData("{,a=b}", "matcher set '{,a=b}': element 1 is empty")]
    [InlineData("{a=b, c==d}", "matcher 'c==d': unexpected '=' after operator '='")]
    [InlineData("{a=\"b, c=d}", "matcher 'a=\"b, c=d': unterminated quoted value")]
    [InlineData("{a=b c=d}", "matcher 'a=b c=d': a bare value cannot contain")]
    public void ParseSet_Rejects(string text, string messageStart)
    {
        var error = Assert.Throws<FormatException>(() => Matchers.ParseSet(text));

        Assert.StartsWith(messageStart, error.Message);
    }

    [Fact]
    public void ParseAll_ParsesEachTextInOrder()
    {
        var matchers = Matchers.ParseAll(["alertname=DiskFull", "severity!~info|debug", "team=\"a, b\""]);

        Assert.Equal(["alertname=\"DiskFull\"", "severity!~\"info|debug\"", "team=\"a, b\""], matchers.Select(m => m.ToString()));
    }

    [Fact]
    public void ParseAll_StopsAtTheFirstInvalidText()
    {
        var error = Assert.Throws<FormatException>(() => Matchers.ParseAll(["a=b", "9=x"]));

        Assert.StartsWith("matcher '9=x': invalid label name '9'", error.Message);
    }

    [Theory]
    [InlineData("{}", true)]
    [InlineData("{alertname=DiskFull}", true)]
    [InlineData("{alertname=DiskFull, severity=critical}", true)]
    [InlineData("{alertname=DiskFull, severity=warning}", false)]
    [InlineData("{severity=warning, alertname=DiskFull}", false)]
    [InlineData("{alertname=~Disk.*, team!=db, missing=\"\"}", true)]
    [InlineData("{alertname=~Disk.*, missing!=\"\"}", false)]
    public void AllMatch_RequiresEveryMatcher(string set, bool expected)
    {
        var labels = new Dictionary<string, string> { ["alertname"] = "DiskFull", ["severity"] = "critical", ["team"] = "web" };

        Assert.Equal(expected, Matchers.AllMatch(Matchers.ParseSet(set), labels));
    }
}
