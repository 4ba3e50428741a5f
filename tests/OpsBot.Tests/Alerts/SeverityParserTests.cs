using OpsBot.Alerts;

namespace OpsBot.Tests.Alerts;

public sealed class SeverityParserTests
{
    [Theory]
    [InlineData("critical", Severity.Critical)]
    [InlineData("crit", Severity.Critical)]
    [InlineData("page", Severity.Critical)]
    [InlineData("fatal", Severity.Critical)]
    [InlineData("emergency", Severity.Critical)]
    [InlineData("P1", Severity.Critical)]
    [InlineData("high", Severity.Critical)]
    [InlineData("CRITICAL", Severity.Critical)]
    [InlineData("  Critical  ", Severity.Critical)]
    [InlineData("error", Severity.Error)]
    [InlineData("err", Severity.Error)]
    [InlineData("major", Severity.Error)]
    [InlineData("p2", Severity.Error)]
    [InlineData("warning", Severity.Warning)]
    [InlineData("warn", Severity.Warning)]
    [InlineData("info", Severity.Info)]
    [InlineData("informational", Severity.Info)]
    [InlineData("none", Severity.Info)]
    [InlineData("low", Severity.Info)]
    [InlineData("notice", Severity.Info)]
    [InlineData("INFO", Severity.Info)]
    [InlineData("something-else", Severity.Warning)]
    [InlineData("p3", Severity.Warning)]
    [InlineData("", Severity.Warning)]
    [InlineData(null, Severity.Warning)]
    public void Parse_MapsSpellingsOntoFourLevels(string? value, Severity expected)
    {
        Assert.Equal(expected, SeverityParser.Parse(value));
    }
}
