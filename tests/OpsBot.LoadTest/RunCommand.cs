namespace OpsBot.LoadTest;

/// <summary>One target, one run: against --url, or against a server it starts itself (--spawn).</summary>
public static class RunCommand
{
    public static async Task<int> RunAsync(BenchOptions options, HttpClient http)
    {
        using var server = options.Spawn ? Servers.Start(options.Target, options) : null;
        try
        {
            return await RunAsync(options, http, server);
        }
        catch (HttpRequestException) when (server?.ExitReason() is { } why)
        {
            throw new InvalidOperationException($"{options.Target} exited during the run: {why}");
        }
    }

    private static async Task<int> RunAsync(BenchOptions options, HttpClient http, ServerProcess? server)
    {
        IReadOnlyList<Uri> baseUrls = server is null ? options.Urls : [server.BaseUrl];
        var probe = new TargetProbe(http, baseUrls, options.Target);
        await probe.WaitReadyAsync(TimeSpan.FromSeconds(60), server is null ? null : server.ExitReason);
        var stream = new AlertStream(options.Target, options.Fingerprints, options.ResolvedPercent, DateTimeOffset.UtcNow);
        Console.WriteLine($"target {options.Target} at {string.Join(", ", baseUrls)}: {Describe(options)}");
        var chat = options.ChatStandIn is { } standIn ? new ChatLatency(http, standIn) : null;

        long next = options.FirstAlert;
        // A --total run sends exactly that many alerts, so it has no warm-up of its own.
        if (options.Total is null && options.Warmup > TimeSpan.Zero)
        {
            var warm = new LoadRunner(http, baseUrls, stream, options);
            var warmup = await warm.RunAsync("warm-up", next, options.Warmup, total: null);
            next = warm.NextAlert;
            Console.WriteLine($"warm-up: {warmup.AcceptedAlerts} alerts, {warmup.ErrorsText} errors");
        }

        var baseline = 0L;
        if (options.Target == TargetKind.OpsBot)
            baseline = await Servers.SettleAsync(probe, options);

        // The chat queue is drained in order: what the warm-up (or anything before) left there must be posted first.
        if (chat is not null) await chat.WaitQuietAsync(options.ChatTimeout);

        List<int> pids = server is null ? options.Pids : [server.Pid];
        var cpuBefore = pids.Sum(ServerProcess.CpuSeconds);
        var runner = new LoadRunner(http, baseUrls, stream, options);
        var result = await runner.RunAsync(options.Target.ToString(), next, options.EffectiveDuration, options.Total);
        string? behind = null;
        if (options.Target == TargetKind.OpsBot)
        {
            try { result.Drain = await probe.WaitDrainedAsync(baseline + result.AcceptedAlerts, options.DrainTimeout); }
            catch (TimeoutException e)
            {
                // Still a result: what was accepted, and how fast dedupe went meanwhile.
                var deduped = (await probe.ReadDedupeAsync()).Deduped - baseline;
                var seconds = (result.Elapsed + options.DrainTimeout).TotalSeconds;
                behind = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"[{result.Label}] {e.Message}; {deduped} of the run's alerts passed dedupe in {seconds:0} s = {deduped / seconds:0} alerts/s");
            }
        }
        if (pids.Count > 0)
        {
            result.ServerCpuSeconds = pids.Sum(ServerProcess.CpuSeconds) - cpuBefore;
            var memory = pids.Select(ServerProcess.ReadMemory).ToList();
            (result.RssKb, result.PeakRssKb) = (memory.Sum(m => m.RssKb), memory.Sum(m => m.PeakKb));
        }
        result.Print(Console.Out);
        if (behind is not null) Console.WriteLine(behind);
        if (chat is not null)
        {
            var posted = await chat.MeasureAsync(runner.SentAt, options.ChatTimeout);
            posted.Print(Console.Out, result.Label);
            if (posted.Missing > 0) return 3;
        }
        return result.Errors.Count == 0 && behind is null ? 0 : 3;
    }

    public static string Describe(BenchOptions o) =>
        $"{o.Fingerprints} fingerprints, batch {o.Batch}, concurrency {o.Concurrency}, " +
        (o.Rate is { } rate ? $"open loop at {rate} alerts/s, " : "closed loop, ") +
        (o.Total is { } total ? $"{total} alerts" : $"{o.EffectiveDuration.TotalSeconds:0} s") +
        $", {o.ResolvedPercent}% resolved";
}

/// <summary>Starting targets and waiting for OpsBot to be idle, shared by both commands.</summary>
public static class Servers
{
    public static ServerProcess Start(TargetKind kind, BenchOptions options) => kind == TargetKind.OpsBot
        ? ServerProcess.StartOpsBot(options.OpsBotDll ?? DefaultOpsBotDll())
        : ServerProcess.StartAlertmanager(options.AlertmanagerPath);

    /// <summary>Waits until nothing is pending and returns the dedupe count to measure the next run from.</summary>
    public static async Task<long> SettleAsync(TargetProbe probe, BenchOptions options)
    {
        var (deduped, pending) = await probe.ReadDedupeAsync();
        if (pending == 0) return deduped;
        await probe.WaitDrainedAsync(0, options.DrainTimeout);
        return (await probe.ReadDedupeAsync()).Deduped;
    }

    /// <summary>The Release build of the host in this repository, found by walking up to OpsBot.sln.</summary>
    private static string DefaultOpsBotDll()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OpsBot.sln")))
                return Path.Combine(dir.FullName, "src", "OpsBot.Host", "bin", "Release", "net10.0", "OpsBot.Host.dll");
        throw new FileNotFoundException("OpsBot.sln not found above the benchmark; pass --opsbot-dll");
    }
}
