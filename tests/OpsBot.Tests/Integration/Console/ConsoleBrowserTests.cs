using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using OpsBot.Tests.Integration.Routing;

namespace OpsBot.Tests.Integration.Console;

/// <summary>
/// The web console in a real browser: a real OpsBot.Host process with a few pages of dba's this week, and Debian's
/// chromium reading the report page, its charts and the open alerts. A screenshot is kept as a test artifact.
/// </summary>
public sealed class ConsoleBrowserTests
{
    [Fact]
    public async Task TheReportPage_ShowsTheFiguresAndCharts_AndTheAlertsPageTheRoutingReasons()
    {
        var data = Directory.CreateTempSubdirectory("opsbot-console-").FullName;
        var port = HostProcess.FreePort();
        using var host = HostProcess.Start(data, port, new Dictionary<string, string> { ["OPSBOT_TEAMS_FILE"] = TwoTeams.ExampleFile });
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            await host.WaitReadyAsync(http);
            var now = DateTimeOffset.UtcNow;
            foreach (var (name, instance) in new[] { ("PostgresDown", "db-1:9100"), ("PostgresDown", "db-2:9100"), ("MysqlDown", "db-3:9100") })
                await TwoTeams.SendAsync(http, name, instance, "critical", now.AddMinutes(-1));
            await Eventually.Async(async () =>
            {
                var pages = await http.GetFromJsonAsync<JsonElement>("/api/notifications?kind=page&team=dba");
                return pages.GetArrayLength() == 3;
            }, "three pages for dba");

            var (playwright, browser) = await Browser.LaunchAsync();
            using var _ = playwright;
            await using var __ = browser;
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1600 } });

            var response = await page.GotoAsync(new Uri(host.BaseAddress, "/console/reports/dba/this").ToString());
            Assert.Equal(200, response!.Status);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("console-report-dba.png"), FullPage = true });
            Assert.Contains("dba", await page.TitleAsync());
            var bars = page.Locator("svg[data-chart='bar-chart'] g.bar");
            Assert.Equal(2, await bars.CountAsync());
            Assert.Equal("PostgresDown", await bars.Nth(0).GetAttributeAsync("data-alert"));
            Assert.Equal("2", await bars.Nth(0).GetAttributeAsync("data-value"));
            Assert.Equal("MysqlDown", await bars.Nth(1).GetAttributeAsync("data-alert"));
            var cells = page.Locator("svg[data-chart='heat-map'] [data-hour]");
            Assert.Equal(168, await cells.CountAsync());
            var values = await cells.EvaluateAllAsync<int[]>("cells => cells.map(c => Number(c.getAttribute('data-value')))");
            Assert.Equal(3, values.Sum());
            var thisWeek = page.Locator("svg[data-chart='trend-chart'] g.week").Last;
            Assert.Equal("3", await thisWeek.GetAttributeAsync("data-pages"));

            // All three paged in the small hours and nobody acknowledged: the report suggests not paging for them.
            Assert.Contains("route-to-chat", await page.InnerTextAsync("body"));
            Assert.Contains("2 pages, all outside business hours", await page.InnerTextAsync("body"));

            await page.GotoAsync(new Uri(host.BaseAddress, "/console").ToString());
            var text = await page.InnerTextAsync("body");
            Assert.Contains("PostgresDown", text);
            Assert.Contains("databases by alert name", text);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ArtifactPath("console-alerts.png"), FullPage = true });
            Assert.Equal(200, (await page.GotoAsync(new Uri(host.BaseAddress, "/console/audit").ToString()))!.Status);
            Assert.Equal(200, (await page.GotoAsync(new Uri(host.BaseAddress, "/console/silences").ToString()))!.Status);
        }
        finally
        {
            host.KillHard();
            Directory.Delete(data, recursive: true);
        }
    }
}
