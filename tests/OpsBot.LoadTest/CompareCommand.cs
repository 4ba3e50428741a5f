using System.Globalization;

namespace OpsBot.LoadTest;

/// <summary>
/// Starts Alertmanager and OpsBot side by side and sends each the same alert stream in alternating rounds
/// (AM, OpsBot, AM, OpsBot, …), so drift on the machine during the run hits both alike. OpsBot's round only
/// ends when dedupe has caught up, so no round inherits the previous one's backlog.
/// </summary>
public static class CompareCommand
{
    public static async Task<int> RunAsync(BenchOptions options, HttpClient http)
    {
        using var alertmanager = Servers.Start(TargetKind.Alertmanager, options);
        using var opsbot = Servers.Start(TargetKind.OpsBot, options);
        var targets = new[] { new Target(alertmanager, http, options), new Target(opsbot, http, options) };
        foreach (var target in targets) await target.Probe.WaitReadyAsync(TimeSpan.FromSeconds(60), target.Server.ExitReason);
        Console.WriteLine($"compare: Alertmanager at {alertmanager.BaseUrl} (pid {alertmanager.Pid}), OpsBot at {opsbot.BaseUrl} (pid {opsbot.Pid})");
        Console.WriteLine($"each round: {RunCommand.Describe(options)}");

        if (options.Warmup > TimeSpan.Zero)
            foreach (var target in targets) await target.RunAsync("warm-up", options.Warmup, quiet: true);
        for (var round = 1; round <= options.Rounds; round++)
            foreach (var target in targets) await target.RunAsync($"round {round}", options.EffectiveDuration, quiet: false);

        foreach (var target in targets) target.ReadMemory();
        PrintTable(Console.Out, targets[0], targets[1]);
        return targets.All(t => t.Results.All(r => r.Errors.Count == 0)) ? 0 : 3;
    }

    private static void PrintTable(TextWriter output, Target am, Target ob)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine("| target | rounds (accepted alerts/s) | mean alerts/s | p50 ms | p99 ms | max ms | errors | end-to-end alerts/s | server CPU µs/alert | RSS MB |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var t in new[] { am, ob })
        {
            var e2e = t.Kind == TargetKind.OpsBot ? t.Results.Average(r => r.EndToEndPerSecond ?? 0).ToString("0", c) : "n/a";
            output.WriteLine(string.Create(c,
                $"| {t.Kind} | {string.Join(" / ", t.Results.Select(r => r.AcceptedPerSecond.ToString("0", c)))} | {t.MeanRate:0} | " +
                $"{t.Merged.PercentileMs(50):0.00} | {t.Merged.PercentileMs(99):0.00} | {t.Merged.MaxMs:0.00} | {t.Merged.ErrorsText} | {e2e} | {t.CpuMicrosPerAlert:0} | {t.RssKb / 1024.0:0} |"));
        }
        var ratio = ob.MeanRate / am.MeanRate;
        var e2eRatio = ob.Results.Average(r => r.EndToEndPerSecond ?? 0) / am.MeanRate;
        output.WriteLine();
        output.WriteLine(string.Create(c, $"ratio OpsBot/Alertmanager (accepted alerts/s, answered after the durable SQLite commit): {ratio:0.00}x"));
        output.WriteLine(string.Create(c, $"ratio OpsBot end-to-end (accepted and deduped)/Alertmanager accepted: {e2eRatio:0.00}x"));
    }

    private sealed class Target(ServerProcess server, HttpClient http, BenchOptions options)
    {
        private readonly AlertStream _stream = new(server.Kind, options.Fingerprints, options.ResolvedPercent, DateTimeOffset.UtcNow);
        private long _next;

        public ServerProcess Server => server;
        public TargetKind Kind => server.Kind;
        public TargetProbe Probe { get; } = new(http, server.BaseUrl, server.Kind);
        public List<RunResult> Results { get; } = [];
        public long RssKb { get; private set; }
        public double MeanRate => Results.Average(r => r.AcceptedPerSecond);
        public double CpuMicrosPerAlert => Results.Sum(r => r.ServerCpuSeconds ?? 0) * 1e6 / Math.Max(1, Results.Sum(r => r.AcceptedAlerts));

        public RunResult Merged => new()
        {
            Label = Kind.ToString(),
            AcceptedAlerts = Results.Sum(r => r.AcceptedAlerts),
            Requests = Results.Sum(r => r.Requests),
            Elapsed = TimeSpan.FromTicks(Results.Sum(r => r.Elapsed.Ticks)),
            SortedLatencies = Results.SelectMany(r => r.SortedLatencies).Order().ToArray(),
            Errors = Results.SelectMany(r => r.Errors).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value)),
        };

        public async Task RunAsync(string label, TimeSpan duration, bool quiet)
        {
            if (server.ExitReason() is { } why) throw new InvalidOperationException($"{Kind} exited: {why}");
            var baseline = Kind == TargetKind.OpsBot ? await Servers.SettleAsync(Probe, options) : 0;
            var cpuBefore = ServerProcess.CpuSeconds(server.Pid);
            var runner = new LoadRunner(http, server.BaseUrl, _stream, options);
            var result = await runner.RunAsync($"{Kind} {label}", _next, duration, total: null);
            _next = runner.NextAlert;
            if (server.ExitReason() is { } died) throw new InvalidOperationException($"{Kind} exited during {label}: {died}");
            if (Kind == TargetKind.OpsBot) result.Drain = await Probe.WaitDrainedAsync(baseline + result.AcceptedAlerts, options.DrainTimeout);
            result.ServerCpuSeconds = ServerProcess.CpuSeconds(server.Pid) - cpuBefore;
            if (quiet) return;
            Results.Add(result);
            result.Print(Console.Out);
        }

        public void ReadMemory() => RssKb = server.Memory().RssKb;
    }
}
