using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;

namespace OpsBot.LoadTest;

/// <summary>
/// Sends the alert stream. Closed loop (no --rate): C workers each send, wait for the answer, send again — the most
/// the target accepts. Open loop (--rate): requests are due on a fixed schedule whatever the answers do, at most C in
/// flight, and latency counts from the due time, so a stall shows in the percentiles instead of lowering the rate.
/// With several base URLs (replicas), requests go to each in turn.
/// </summary>
public sealed class LoadRunner(HttpClient http, IReadOnlyList<Uri> baseUrls, AlertStream stream, BenchOptions options)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly Uri[] _endpoints = baseUrls.Count > 0
        ? baseUrls.Select(u => new Uri(u, stream.Path)).ToArray()
        : throw new ArgumentException("no target URL", nameof(baseUrls));
    private readonly AuthenticationHeaderValue? _auth = options.BearerToken is { Length: > 0 } token ? new("Bearer", token) : null;
    private long _turn = -1;
    private readonly ConcurrentDictionary<string, long> _errors = new();
    private readonly ConcurrentBag<List<long>> _latencies = [];
    private long _nextAlert;
    private long _accepted;
    private long _requests;

    public LoadRunner(HttpClient http, Uri baseUrl, AlertStream stream, BenchOptions options) : this(http, [baseUrl], stream, options) { }

    /// <summary>
    /// With a chat stand-in: per fingerprint, when its accepted webhook was sent (Unix ms, wall clock, which the
    /// stand-in on this machine shares). Meant for new-problem runs, where each fingerprint is sent once.
    /// </summary>
    public ConcurrentDictionary<long, double> SentAt { get; } = new();

    public async Task<RunResult> RunAsync(string label, long firstAlert, TimeSpan duration, long? total)
    {
        _nextAlert = firstAlert;
        var limit = total is { } t ? firstAlert + t : long.MaxValue;
        var deadline = Stopwatch.StartNew();
        var bound = duration < options.MaxDuration ? duration : options.MaxDuration;
        if (options.Rate is { } rate) await OpenLoopAsync(rate, limit, bound, deadline);
        else await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(() => WorkerAsync(limit, bound, deadline))));
        var elapsed = deadline.Elapsed;
        var all = _latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new RunResult
        {
            Label = label, AcceptedAlerts = _accepted, Requests = _requests, Elapsed = elapsed,
            SortedLatencies = all, Errors = new Dictionary<string, long>(_errors),
        };
    }

    /// <summary>The alert number the next run should start from, so rounds continue the stream.</summary>
    public long NextAlert => Math.Max(Interlocked.Read(ref _nextAlert), 0);

    private async Task WorkerAsync(long limit, TimeSpan bound, Stopwatch clock)
    {
        var latencies = new List<long>(4096);
        _latencies.Add(latencies);
        while (clock.Elapsed < bound && Claim(limit) is ({ } first, var count))
        {
            var started = Stopwatch.GetTimestamp();
            await SendAsync(first, count);
            latencies.Add(Stopwatch.GetTimestamp() - started);
        }
    }

    private async Task OpenLoopAsync(double rate, long limit, TimeSpan bound, Stopwatch clock)
    {
        var latencies = new List<long>(4096);
        _latencies.Add(latencies);
        var slots = new SemaphoreSlim(options.Concurrency);
        var inFlight = new List<Task>();
        var ticksPerRequest = Stopwatch.Frequency * options.Batch / rate;
        var origin = Stopwatch.GetTimestamp();
        for (long k = 0; clock.Elapsed < bound; k++)
        {
            var due = origin + (long)(k * ticksPerRequest);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            if (Claim(limit) is not ({ } first, var count)) break;
            await slots.WaitAsync();
            inFlight.Add(Task.Run(async () =>
            {
                try
                {
                    await SendAsync(first, count);
                    var latency = Stopwatch.GetTimestamp() - due;
                    lock (latencies) latencies.Add(latency);
                }
                finally { slots.Release(); }
            }));
            if (inFlight.Count > 4096) inFlight.RemoveAll(task => task.IsCompleted);
        }
        await Task.WhenAll(inFlight);
    }

    private (long? First, int Count) Claim(long limit)
    {
        var first = Interlocked.Add(ref _nextAlert, options.Batch) - options.Batch;
        if (first >= limit) return (null, 0);
        return (first, (int)Math.Min(options.Batch, limit - first));
    }

    private async Task SendAsync(long first, int count)
    {
        var body = new ByteArrayContent(stream.Render(first, count, DateTimeOffset.UtcNow));
        body.Headers.ContentType = Json;
        var endpoint = _endpoints[(int)((ulong)Interlocked.Increment(ref _turn) % (ulong)_endpoints.Length)];
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = body };
        if (_auth is not null) request.Headers.Authorization = _auth;
        Interlocked.Increment(ref _requests);
        try
        {
            var sentAt = options.ChatStandIn is null ? 0 : UnixMs();
            using var response = await http.SendAsync(request);
            // Drain the answer so the connection is reusable; both targets answer with a few bytes.
            await response.Content.ReadAsByteArrayAsync();
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Add(ref _accepted, count);
                if (options.ChatStandIn is not null)
                    for (var n = first; n < first + count; n++) SentAt.TryAdd(n % options.Fingerprints, sentAt);
            }
            else _errors.AddOrUpdate($"HTTP {(int)response.StatusCode}", 1, (_, n) => n + 1);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            _errors.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
        }
    }

    public static double UnixMs() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalMilliseconds;
}
