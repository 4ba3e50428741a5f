using System.Text;
using Microsoft.AspNetCore.Http;

namespace OpsBot.WebConsole;

/// <summary>An HTML response with the headers every console page carries: the pages need nothing but their own inline styles.</summary>
public sealed class HtmlPage(string html, int statusCode = StatusCodes.Status200OK) : IResult
{
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:";

    public string Html { get; } = html;
    public int StatusCode { get; } = statusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = "text/html; charset=utf-8";
        SecurityHeaders(response);
        return response.WriteAsync(Html, Encoding.UTF8, httpContext.RequestAborted);
    }

    /// <summary>Also for the exports: no sniffing, no framing, and no Referer that could carry a ?token= elsewhere.</summary>
    public static void SecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
    }

    public static HtmlPage Message(int statusCode, string title, string message) => new(ConsoleLayout.Message(title, message), statusCode);
}
