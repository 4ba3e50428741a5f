using OpsBot.Routing.Matching;

namespace OpsBot.Tests.Routing.Matching;

public sealed class HostNamesPlainTests
{
    [Theory]
    [InlineData("db-1", true)]
    [InlineData("web-3.example.com", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("-oProxyCommand=x", false)]
    [InlineData(".hidden", false)]
    [InlineData("db-1\n", false)]
    [InlineData("db-1;rm", false)]
    [InlineData("db 1", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void OnlyPlainNames_Pass(string? host, bool plain) => Assert.Equal(plain, HostNames.IsPlain(host));

    [Fact]
    public void NamesLongerThan253Characters_AreRefused()
    {
        Assert.True(HostNames.IsPlain(new string('a', 253)));
        Assert.False(HostNames.IsPlain(new string('a', 254)));
    }
}
