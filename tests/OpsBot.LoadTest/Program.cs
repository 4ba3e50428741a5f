using System.Net;
using OpsBot.LoadTest;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine($"error: {e.Message}\n\n{BenchOptions.Usage}");
    return 2;
}

// One pooled connection per worker, kept for the whole run: connection set-up must not be what gets measured.
using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = Math.Max(options.Concurrency, 4),
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    UseProxy = false,
    AutomaticDecompression = DecompressionMethods.None,
})
{
    Timeout = TimeSpan.FromSeconds(30),
};

try
{
    return options.Command switch
    {
        "compare" => await CompareCommand.RunAsync(options, http),
        "fake-slack" => await FakeSlack.RunAsync(options),
        _ => await RunCommand.RunAsync(options, http),
    };
}
catch (Exception e) when (e is TimeoutException or InvalidOperationException or FileNotFoundException or HttpRequestException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
