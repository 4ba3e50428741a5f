using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace OpsBot.WebConsole;

/// <summary>The "Console" section. Token: when set, the console needs it; when empty, only this machine may look.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    public string? Token { get; set; }

    /// <summary>The console's public address (e.g. https://opsbot.example.com), for links in chat; empty: no links.</summary>
    public string? BaseUrl { get; set; }

    public string? LinkTo(string team, string week) =>
        string.IsNullOrWhiteSpace(BaseUrl) ? null : $"{BaseUrl.TrimEnd('/')}/console/reports/{Uri.EscapeDataString(team)}/{week}";
}

/// <summary>
/// Guards the read-only console. With Console:Token set, a request carries it as Authorization: Bearer, or as the
/// opsbot_console cookie that visiting any page once with ?token= sets (so a browser needs the token only in the first link).
/// Without a token, like the API's writes, only unproxied requests from loopback are let in.
/// </summary>
public sealed class ConsoleAccess(IOptions<ConsoleOptions> options) : IEndpointFilter
{
    public const string CookieName = "opsbot_console";
    public const string QueryName = "token";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var token = options.Value.Token?.Trim();
        if (string.IsNullOrEmpty(token))
        {
            var remote = http.Connection.RemoteIpAddress;
            if (remote is not null && !IPAddress.IsLoopback(remote))
                return Deny("The console is only open to this machine. To look from elsewhere, set Console:Token and open any console page with ?token=<token>.");
            // Behind a proxy on this machine every client looks local: then only a token will do.
            if (http.Request.Headers.ContainsKey("X-Forwarded-For") || http.Request.Headers.ContainsKey("Forwarded"))
                return Deny("The console is not open through a proxy without a token. Set Console:Token and open any console page with ?token=<token>.");
            return await next(context);
        }

        if (http.Request.Query.TryGetValue(QueryName, out var fromQuery))
        {
            if (!Matches(fromQuery.ToString(), token)) return Deny("That token is not valid. Ask whoever runs OpsBot for the console token (Console:Token).");
            http.Response.Cookies.Append(CookieName, token, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, Path = http.Request.PathBase + "/console", IsEssential = true,
            });
            // Drop the token from the address bar and history as soon as the cookie holds it.
            HtmlPage.SecurityHeaders(http.Response);
            return TypedResults.Redirect(WithoutToken(http.Request));
        }

        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Matches(header["Bearer ".Length..].Trim(), token)) return await next(context);
        if (http.Request.Cookies.TryGetValue(CookieName, out var cookie) && Matches(cookie, token)) return await next(context);
        var presented = header.Length > 0 || cookie is not null;
        return Deny(presented
            ? "That token is not valid. Ask whoever runs OpsBot for the console token (Console:Token), then open any console page with ?token=<token>."
            : "The console needs a token. Open any console page once with ?token=<token> (your browser then remembers it), or send Authorization: Bearer <token>.");
    }

    /// <summary>The same address without ?token=, kept local so the redirect cannot be turned into a jump to another site.</summary>
    internal static string WithoutToken(HttpRequest request)
    {
        var rest = request.Query.Where(q => !string.Equals(q.Key, QueryName, StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)));
        var path = (request.PathBase + request.Path).ToUriComponent();
        if (!path.StartsWith('/') || path.StartsWith("//", StringComparison.Ordinal) || path.StartsWith("/\\", StringComparison.Ordinal)) path = "/console";
        return path + QueryString.Create(rest).ToUriComponent();
    }

    /// <summary>Compares hashes so neither the content nor the length of the token leaks through timing.</summary>
    private static bool Matches(string? presented, string token) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static HtmlPage Deny(string message) => HtmlPage.Message(StatusCodes.Status401Unauthorized, "Not signed in to the OpsBot console", message);
}
