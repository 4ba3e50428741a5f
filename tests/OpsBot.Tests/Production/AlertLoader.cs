using System.Collections.Concurrent;
using OpsBot.Tests.Integration;

namespace OpsBot.Tests.Production;

/// <summary>
/// Sends alerts like a pair of Alertmanagers would while a fault happens: each a new problem (alertname
/// <c>{prefix}{n:000}</c>, label load=yes), to the replicas in turn, retried on failure for a while as Alertmanager
/// retries, moving to the other replica when one does not answer. Remembers which alerts were answered 2xx.
/// </summary>
public sealed class AlertLoader(ProductionStack stack, string prefix)
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(20);
    private readonly ConcurrentDictionary<string, bool> _accepted = new();
    private readonly ConcurrentDictionary<string, int> _failedAttempts = new();
    private int _sent;

    public string Prefix => prefix;
    public IReadOnlyCollection<string> Accepted => [.. _accepted.Keys.Order()];
    public int Sent => _sent;
    public int FailedAttempts => _failedAttempts.Values.Sum();

    /// <summary>Sends <paramref name="count"/> alerts, <paramref name="parallel"/> at a time.</summary>
    public async Task SendAsync(int count, int parallel = 4)
    {
        using var replica1 = stack.Client(1);
        using var replica2 = stack.Client(2);
        replica1.Timeout = replica2.Timeout = TimeSpan.FromSeconds(5);
        var clients = new[] { replica1, replica2 };
        var first = Interlocked.Add(ref _sent, count) - count;
        await Parallel.ForEachAsync(Enumerable.Range(first, count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (n, _) =>
        {
            var alertname = $"{prefix}{n:000}";
            var labels = Payloads.Labels(alertname, $"load-{n}:9100");
            labels["load"] = "yes";
            var body = Payloads.AlertmanagerWebhook("firing", "load-" + alertname, (labels, DateTimeOffset.UtcNow, null));
            var deadline = DateTime.UtcNow + GiveUpAfter;
            for (var attempt = 0; DateTime.UtcNow < deadline; attempt++)
            {
                try
                {
                    using var answer = await stack.SendAsync(clients[(n + attempt) % 2], body);
                    if (answer.IsSuccessStatusCode)
                    {
                        _accepted[alertname] = true;
                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }
                _failedAttempts.AddOrUpdate(alertname, 1, (_, c) => c + 1);
                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        });
    }
}
