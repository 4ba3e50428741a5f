using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace OpsBot.Tests.Support;

/// <summary>The platform names <see cref="FakeChatApi.FailNext"/>, <see cref="FakeChatApi.SetDown"/> and the request log use.</summary>
public static class FakePlatform
{
    public const string Slack = "slack";
    public const string Discord = "discord";
    public const string PagerDuty = "pagerduty";

    internal static readonly string[] All = [Slack, Discord, PagerDuty];
}

/// <summary>
/// One local HTTP server speaking the parts of Slack's Web API, Discord's REST API and PagerDuty's REST API that OpsBot
/// uses (shared/PROTOCOLS.md §1.5, §2.4–2.7, §3.3), since neither platform is reachable from the test machines. It
/// stores what it is sent, answers in each platform's own success and error shapes, and can be told to fail. Point
/// OpsBot at it with <see cref="SlackApiBaseUrl"/>, <see cref="SlackResponseUrlBase"/>, <see cref="DiscordApiBaseUrl"/>
/// and <see cref="PagerDutyApiBaseUrl"/>. Everything it exposes is a copy, safe to read while requests arrive.
/// </summary>
public sealed partial class FakeChatApi : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    // One lock for all state: requests are few, and a single lock makes every snapshot consistent across collections.
    private readonly Lock _gate = new();
    private readonly List<FakeRequest> _requests = [];
    private readonly Dictionary<string, PlatformFaults> _faults = FakePlatform.All.ToDictionary(p => p, _ => new PlatformFaults());
    private WebApplication? _app;
    private string _root = "";

    private FakeChatApi()
    {
    }

    /// <summary>http://127.0.0.1:PORT/ — the server's root, ending in '/'.</summary>
    public string BaseUrl => _root;

    public string SlackApiBaseUrl => _root + "slack/api/";
    public string SlackResponseUrlBase => _root + "slack/hooks/";
    public string DiscordApiBaseUrl => _root + "discord/api/v10/";
    public string PagerDutyApiBaseUrl => _root + "pagerduty/";

    /// <summary>Starts the server on a port the OS picks, so parallel tests never collide.</summary>
    public static async Task<FakeChatApi> StartAsync()
    {
        var fake = new FakeChatApi();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.Use(fake.FrontDoorAsync);
        fake.MapSlack(app);
        fake.MapDiscord(app);
        fake.MapPagerDuty(app);
        await app.StartAsync();
        fake._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        fake._root = address.TrimEnd('/') + "/";
        return fake;
    }

    /// <summary>Every request seen, in arrival order, with the status it was answered.</summary>
    public IReadOnlyList<FakeRequest> RequestLog
    {
        get { lock (_gate) return [.. _requests]; }
    }

    /// <summary>
    /// Answers the next <paramref name="count"/> requests to <paramref name="platform"/> with <paramref name="status"/>
    /// instead of handling them, so nothing is stored. A 429 carries the platform's own rate-limit signal, waiting
    /// <paramref name="retryAfter"/> (1 s when not given). Calls queue up: FailNext(1, 429) then FailNext(1, 500)
    /// fails the next request with 429 and the one after with 500.
    /// </summary>
    public void FailNext(string platform, int count, int status, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        var faults = FaultsOf(platform);
        lock (_gate)
            for (var i = 0; i < count; i++) faults.Pending.Enqueue(new InjectedFault(status, retryAfter ?? DefaultRetryAfter));
    }

    /// <summary>While down, every request to <paramref name="platform"/> is answered 500; queued failures wait until it is up.</summary>
    public void SetDown(string platform, bool down)
    {
        var faults = FaultsOf(platform);
        lock (_gate) faults.Down = down;
    }

    /// <summary>How many requests to <paramref name="platform"/> were answered by an injected failure or an outage.</summary>
    public int Rejected(string platform)
    {
        var faults = FaultsOf(platform);
        lock (_gate) return faults.Rejected;
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds; after <paramref name="timeout"/> throws a TimeoutException whose
    /// message holds everything the fake saw, which is what a failing integration test needs to be diagnosed.
    /// </summary>
    public async Task WaitUntilAsync(Func<FakeChatApi, bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var watch = Stopwatch.StartNew();
        while (!condition(this))
        {
            if (watch.Elapsed > timeout)
                throw new TimeoutException($"the condition did not hold within {timeout.TotalSeconds:0.###} s{Environment.NewLine}{Describe()}");
            await Task.Delay(PollInterval);
        }
    }

    /// <summary>A readable dump of the request log and everything stored.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        lock (_gate)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"requests ({_requests.Count}):");
            foreach (var r in _requests)
                text.AppendLine(CultureInfo.InvariantCulture, $"  {r.Method} {r.Path} -> {r.Status}{(r.Note is null ? "" : " (" + r.Note + ")")}");
            DescribeSlack(text);
            DescribeDiscord(text);
            DescribePagerDuty(text);
        }
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is null) return;
        var app = _app;
        _app = null;
        await app.StopAsync();
        await app.DisposeAsync();
    }

    // Faults and logging live in one place in front of the handlers, so no endpoint can skip either.
    private async Task FrontDoorAsync(HttpContext context, RequestDelegate next)
    {
        var platform = PlatformOf(context.Request.Path);
        string? note = null;
        try
        {
            var fault = platform is null ? null : TakeFault(platform);
            if (fault is not null)
            {
                note = "injected";
                await WriteFaultAsync(context, platform!, fault);
            }
            else
            {
                await next(context);
            }
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            // A bug in the fake must show up in the dump, not only as an anonymous 500 in OpsBot's logs.
            note = $"{e.GetType().Name}: {e.Message}";
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
        finally
        {
            lock (_gate)
                _requests.Add(new FakeRequest(platform, context.Request.Method, context.Request.Path.Value ?? "", context.Response.StatusCode, note));
        }
    }

    private static string? PlatformOf(PathString path) =>
        path.StartsWithSegments("/slack") ? FakePlatform.Slack :
        path.StartsWithSegments("/discord") ? FakePlatform.Discord :
        path.StartsWithSegments("/pagerduty") ? FakePlatform.PagerDuty :
        null;

    private InjectedFault? TakeFault(string platform)
    {
        lock (_gate)
        {
            var faults = _faults[platform];
            InjectedFault? fault = faults.Down ? new InjectedFault(StatusCodes.Status500InternalServerError, TimeSpan.Zero)
                : faults.Pending.TryDequeue(out var next) ? next
                : null;
            if (fault is not null) faults.Rejected++;
            return fault;
        }
    }

    private static Task WriteFaultAsync(HttpContext context, string platform, InjectedFault fault)
    {
        if (fault.Status != StatusCodes.Status429TooManyRequests)
        {
            context.Response.StatusCode = fault.Status;
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync("injected failure");
        }

        // Retry-After is whole seconds on every platform (RFC 9110); Discord's exact wait is the body's decimal.
        var seconds = fault.RetryAfter.TotalSeconds;
        var wholeSeconds = ((long)Math.Ceiling(seconds)).ToString(CultureInfo.InvariantCulture);
        var headers = context.Response.Headers;
        switch (platform)
        {
            case FakePlatform.Slack:
                headers.RetryAfter = wholeSeconds;
                return WriteJsonAsync(context, 429, new JsonObject { ["ok"] = false, ["error"] = "ratelimited" });
            case FakePlatform.Discord:
                headers.RetryAfter = wholeSeconds;
                headers["X-RateLimit-Limit"] = "5";
                headers["X-RateLimit-Remaining"] = "0";
                headers["X-RateLimit-Reset-After"] = seconds.ToString("0.###", CultureInfo.InvariantCulture);
                headers["X-RateLimit-Bucket"] = "fake-bucket";
                headers["X-RateLimit-Scope"] = "user";
                return WriteJsonAsync(context, 429,
                    new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = Math.Round(seconds, 3), ["global"] = false });
            default:
                headers["ratelimit-limit"] = "960";
                headers["ratelimit-remaining"] = "0";
                headers["ratelimit-reset"] = wholeSeconds;
                return WritePagerDutyErrorAsync(context, 429, "Rate Limit Exceeded", 2020);
        }
    }

    private PlatformFaults FaultsOf(string platform) =>
        _faults.TryGetValue(platform, out var faults)
            ? faults
            : throw new ArgumentException($"unknown platform '{platform}'; expected one of {string.Join(", ", FakePlatform.All)}", nameof(platform));

    private static Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    /// <summary>The body as JSON, or null when it is empty or not JSON (each platform answers that in its own way).</summary>
    private static async Task<JsonNode?> ReadJsonAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? RouteValue(HttpContext context, string name) => context.Request.RouteValues[name]?.ToString();

    private static string? StringOf(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : node?.ToJsonString();

    private static bool BoolOf(JsonNode? node) =>
        node is JsonValue value && (value.TryGetValue<bool>(out var flag) ? flag : value.TryGetValue<string>(out var text) && text == "true");

    private static JsonNode? Copy(JsonNode? node) => node?.DeepClone();

    private sealed class PlatformFaults
    {
        public Queue<InjectedFault> Pending { get; } = new();
        public bool Down { get; set; }
        public int Rejected { get; set; }
    }

    private sealed record InjectedFault(int Status, TimeSpan RetryAfter);
}
