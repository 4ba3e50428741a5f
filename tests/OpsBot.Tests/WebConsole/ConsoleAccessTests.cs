using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpsBot.WebConsole;

namespace OpsBot.Tests.WebConsole;

public class ConsoleAccessTests
{
    private const string Token = "s3cret-console-token";
    private static readonly object Passed = new();

    [Fact]
    public async Task Without_a_token_loopback_gets_in()
    {
        Assert.Same(Passed, await Run(null, Request("127.0.0.1")));
        Assert.Same(Passed, await Run(null, Request("::1")));
    }

    [Fact]
    public async Task Without_a_token_other_machines_are_refused() => Assert401(await Run(null, Request("10.1.2.3")));

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.9")]
    [InlineData("Forwarded", "for=203.0.113.9")]
    public async Task Without_a_token_a_proxied_request_is_refused(string header, string value)
    {
        var http = Request("127.0.0.1");
        http.Request.Headers[header] = value;

        Assert401(await Run(null, http));
    }

    [Fact]
    public async Task With_a_token_loopback_alone_is_not_enough() => Assert401(await Run(Token, Request("127.0.0.1")));

    [Fact]
    public async Task Bearer_token_gets_in_from_anywhere()
    {
        var http = Request("10.1.2.3");
        http.Request.Headers.Authorization = $"Bearer {Token}";

        Assert.Same(Passed, await Run(Token, http));
    }

    [Fact]
    public async Task Cookie_gets_in()
    {
        var http = Request("10.1.2.3");
        http.Request.Headers.Cookie = $"{ConsoleAccess.CookieName}={Token}";

        Assert.Same(Passed, await Run(Token, http));
    }

    [Theory]
    [InlineData("Authorization", "Bearer wrong")]
    [InlineData("Authorization", "Bearer s3cret-console-token-and-more")]
    [InlineData("Cookie", "opsbot_console=wrong")]
    public async Task A_wrong_token_is_refused(string header, string value)
    {
        var http = Request("127.0.0.1");
        http.Request.Headers[header] = value;

        var page = Assert401(await Run(Token, http));
        Assert.Contains("not valid", page.Html);
    }

    [Fact]
    public async Task Token_in_the_query_sets_the_cookie_and_redirects_without_it()
    {
        var http = Request("10.1.2.3");
        http.Request.Path = "/console/reports/ops/this";
        http.Request.QueryString = new QueryString($"?token={Token}&x=1");

        var redirect = Assert.IsType<RedirectHttpResult>(await Run(Token, http));

        Assert.Equal("/console/reports/ops/this?x=1", redirect.Url);
        var cookie = http.Response.Headers.SetCookie.ToString();
        Assert.Contains($"{ConsoleAccess.CookieName}={Token}", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/console", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_wrong_token_in_the_query_sets_no_cookie()
    {
        var http = Request("127.0.0.1");
        http.Request.QueryString = new QueryString("?token=nope");

        Assert401(await Run(Token, http));
        Assert.Empty(http.Response.Headers.SetCookie.ToString());
    }

    [Fact]
    public async Task The_refusal_page_says_how_to_get_in_and_carries_the_headers()
    {
        var page = Assert401(await Run(Token, Request("127.0.0.1")));
        var http = Request("127.0.0.1");
        http.Response.Body = new MemoryStream();

        await page.ExecuteAsync(http);

        Assert.Contains("?token=", page.Html);
        Assert.Equal(401, http.Response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", http.Response.ContentType);
        Assert.Equal(HtmlPage.ContentSecurityPolicy, http.Response.Headers.ContentSecurityPolicy.ToString());
        Assert.Equal("nosniff", http.Response.Headers.XContentTypeOptions.ToString());
    }

    private static DefaultHttpContext Request(string remote)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        http.Request.Path = "/console";
        return http;
    }

    private static async Task<object?> Run(string? token, HttpContext http)
    {
        var filter = new ConsoleAccess(Options.Create(new ConsoleOptions { Token = token }));
        return await filter.InvokeAsync(new DefaultEndpointFilterInvocationContext(http), _ => ValueTask.FromResult<object?>(Passed));
    }

    private static HtmlPage Assert401(object? result)
    {
        var page = Assert.IsType<HtmlPage>(result);
        Assert.Equal(StatusCodes.Status401Unauthorized, page.StatusCode);
        return page;
    }
}
