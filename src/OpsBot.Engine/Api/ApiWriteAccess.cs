using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OpsBot.Observability;

namespace OpsBot.Api;

/// <summary>The "Api" section: bearer tokens for the API's writes (silences, heartbeats), each naming the person or tool using it.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    public List<ApiToken> Tokens { get; set; } = [];
}

public sealed class ApiToken
{
    public string Token { get; set; } = "";
    public string User { get; set; } = "";
}

/// <summary>
/// Guards API writes. With tokens configured, a write needs one (Authorization: Bearer …) and acts as its user.
/// Without tokens, only requests from this machine, not forwarded by a proxy, may write: the embedded default listens on loopback.
/// </summary>
public sealed class ApiWriteAccess(IOptions<ApiOptions> options, OpsBotMetrics metrics) : IEndpointFilter
{
    public const string UserItem = "opsbot.api.user";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var tokens = options.Value.Tokens.Where(t => t.Token.Length > 0).ToList();
        if (tokens.Count == 0)
        {
            var remote = http.Connection.RemoteIpAddress;
            if (remote is not null && !IPAddress.IsLoopback(remote)) return Deny("not_loopback", "API writes from other machines need a token (Api:Tokens)");
            // Behind a proxy on this machine every client looks local: then only tokens will do.
            if (http.Request.Headers.ContainsKey("X-Forwarded-For") || http.Request.Headers.ContainsKey("Forwarded"))
                return Deny("proxied", "API writes through a proxy need a token (Api:Tokens)");
            return await next(context);
        }
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return Deny("missing_token", "send Authorization: Bearer <token>");
        var presented = Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim());
        var match = tokens.FirstOrDefault(t => CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(t.Token)));
        if (match is null) return Deny("wrong_token", "the token is not valid");
        http.Items[UserItem] = match.User.Length > 0 ? match.User : null;
        return await next(context);
    }

    public static string? User(HttpContext http) => http.Items.TryGetValue(UserItem, out var user) ? user as string : null;

    private IResult Deny(string reason, string message)
    {
        metrics.ApiDenied.Inc(reason);
        return TypedResults.Json(new ApiError(reason, message), statusCode: StatusCodes.Status401Unauthorized);
    }
}
