using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpsBot.LoadTest;

/// <summary>
/// A stand-in for Slack's Web API, for OpsBot's Chat:Slack:ApiBaseUrl: chat.postMessage and chat.update answer
/// ok with a channel and a unique ts, as Slack does; anything else answers {"ok":true}. It notes when the first
/// top-level post about each bench alert arrived (the alert's card: its title carries the summary
/// "host-N is not answering"), keyed "host-N"; GET /arrivals lists those (Unix ms, wall clock) under a header line.
/// Runs until SIGINT or SIGTERM. Loopback only.
/// </summary>
public static partial class FakeSlack
{
    [GeneratedRegex(@"host-(\d+) is not answering")]
    private static partial Regex BenchAlert();

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var state = new State();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{options.Port}/");
        listener.Start();
        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        Console.WriteLine($"fake-slack listening on http://127.0.0.1:{options.Port}/ (API base http://127.0.0.1:{options.Port}/api/)");
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync().WaitAsync(stop.Token); }
            catch (OperationCanceledException) { break; }
            catch (HttpListenerException) { break; }
            _ = Task.Run(() => HandleAsync(context, state));
        }
        Console.WriteLine($"fake-slack: {state.Posts} posts, {state.Updates} updates, {state.Arrivals.Count} bench alert cards");
        return 0;
    }

    private static async Task HandleAsync(HttpListenerContext context, State state)
    {
        try
        {
            var path = context.Request.Url?.AbsolutePath ?? "/";
            if (context.Request.HttpMethod == "GET" && path == "/arrivals")
            {
                await WriteAsync(context, "text/plain; charset=utf-8", state.Describe());
                return;
            }
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync();
            var arrived = LoadRunner.UnixMs();
            string? channel = null, ts = null, threadTs = null;
            if (body.StartsWith('{'))
            {
                using var json = JsonDocument.Parse(body);
                channel = Str(json.RootElement, "channel");
                ts = Str(json.RootElement, "ts");
                threadTs = Str(json.RootElement, "thread_ts");
            }
            channel ??= "C1";
            if (path.EndsWith("/chat.postMessage", StringComparison.Ordinal))
            {
                var n = Interlocked.Increment(ref state.Posts);
                state.LastPost = arrived;
                if (threadTs is null && BenchAlert().Match(body) is { Success: true } match)
                    state.Arrivals.TryAdd("host-" + match.Groups[1].Value, arrived);
                await WriteAsync(context, "application/json", Answer(channel, string.Create(CultureInfo.InvariantCulture, $"{arrived / 1000:0}.{n:D6}")));
            }
            else if (path.EndsWith("/chat.update", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref state.Updates);
                await WriteAsync(context, "application/json", Answer(channel, ts ?? "0.000000"));
            }
            else await WriteAsync(context, "application/json", """{"ok":true}""");
        }
        catch (Exception e) when (e is JsonException or HttpListenerException or IOException or InvalidOperationException)
        {
            try
            {
                context.Response.StatusCode = 400;
                context.Response.Close();
            }
            catch (HttpListenerException) { /* the client went away */ }
            catch (ObjectDisposedException) { /* the client went away */ }
        }
    }

    private static string Answer(string channel, string ts) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["ok"] = true, ["channel"] = channel, ["ts"] = ts });

    private static string? Str(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static async Task WriteAsync(HttpListenerContext context, string contentType, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        context.Response.ContentType = contentType;
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private sealed class State
    {
        public long Posts;
        public long Updates;
        public double LastPost;
        public ConcurrentDictionary<string, double> Arrivals { get; } = new(StringComparer.Ordinal);

        public string Describe()
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"# posts {Interlocked.Read(ref Posts)} updates {Interlocked.Read(ref Updates)} last_post_unix_ms {LastPost:0.000}\n");
            foreach (var (key, at) in Arrivals) text.Append(CultureInfo.InvariantCulture, $"{key} {at:0.000}\n");
            return text.ToString();
        }
    }
}
