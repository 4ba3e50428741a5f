using Microsoft.Playwright;

namespace OpsBot.Tests.Integration.Console;

/// <summary>
/// Debian's chromium, driven headless by Playwright (no browser download: the executable is the system's).
/// Screenshots go to test-artifacts/ under the test output folder, or OPSBOT_TEST_ARTIFACTS when set.
/// </summary>
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: these tests drive a real browser; install it with 'apt-get install chromium'");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Running as root in a container: chromium's sandbox needs user namespaces it does not get there.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        return (playwright, browser);
    }

    public static string ArtifactPath(string name)
    {
        var dir = Environment.GetEnvironmentVariable("OPSBOT_TEST_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "test-artifacts");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }
}
