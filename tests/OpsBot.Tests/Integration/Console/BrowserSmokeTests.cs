namespace OpsBot.Tests.Integration.Console;

public sealed class BrowserSmokeTests
{
    [Fact]
    public async Task Chromium_RendersAnInlineSvg()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await page.SetContentAsync("<svg role='img' aria-label='x'><rect data-value='3' width='10' height='10'/></svg>");
        Assert.Equal("3", await page.Locator("rect").GetAttributeAsync("data-value"));
    }
}
