using OpsBot.Alerts;
using OpsBot.Commands;
using OpsBot.Routing.Config;
using OpsBot.Routing.Model;

namespace OpsBot.Tests.Routing.Config;

public sealed class EnumNamesTests
{
    [Theory]
    [InlineData("admin", true, Role.Admin)]
    [InlineData(" Viewer ", true, Role.Viewer)]
    [InlineData("viewer,responder", false, Role.None)] // Enum.TryParse would say Admin
    [InlineData("3", false, Role.None)]
    [InlineData("", false, Role.None)]
    [InlineData(null, false, Role.None)]
    public void OnlyOneMemberName_IsAccepted(string? text, bool ok, Role expected)
    {
        Assert.Equal(ok, EnumNames.TryParse<Role>(text, out var role));
        Assert.Equal(expected, role);
    }

    [Theory]
    [InlineData("warning,error")]
    [InlineData("2")]
    [InlineData("crit")]
    public void ConfiguredSeverities_MustBeOneOfTheFourNames(string text) => Assert.False(SeverityParser.TryParseName(text, out _));

    [Fact]
    public void AnUrgencyCombination_IsRefusedWithItsKey()
    {
        var reader = new Reader();
        Assert.Null(reader.ParseUrgency("digest,page", "Teams:a:Urgency:0:InHours"));
        Assert.Equal(Urgency.Page, reader.ParseUrgency("PAGE", "Teams:a:Urgency:0:OutOfHours"));
        Assert.Equal("Teams:a:Urgency:0:InHours", Assert.Single(reader.Issues).Key);
    }

    private sealed class Reader : ConfigReader;
}
