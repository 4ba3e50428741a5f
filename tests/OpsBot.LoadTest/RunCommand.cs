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
        var baseUrl = server?.BaseUrl ?? options.Url!;
        var probe = new TargetProbe(http, baseUrl, options.Target);
        await probe.WaitReadyAsync(TimeSpan.FromSeconds(60), server is null ? null : server.ExitReason);
        var stream = new AlertStream(options.Target, options.Fingerprints, options.ResolvedPercent, DateTimeOffset.UtcNow);
        Console.WriteLine($"target {options.Target} at {baseUrl}: {Describe(options)}");

        long next = options.FirstAlert;
        // A --total run sends exactly that many alerts, so it has no warm-up of its own.
        if (options.Total is null && options.Warmup > TimeSpan.Zero)
        {
            var warm = new LoadRunner(http, baseUrl, stream, options);
            var warmup = await warm.RunAsync("warm-up", next, options.Warmup, total: null);
            next = warm.NextAlert;
            Console.WriteLine($"warm-up: {warmup.AcceptedAlerts} alerts, {warmup.ErrorsText} errors");
        }

        var baseline = 0L;
        if (options.Target == TargetKind.OpsBot)
            baseline = await Servers.SettleAsync(probe, options);

        var pid = server?.Pid ?? options.Pid;
        var cpuBefore = pid is { } p0 ? ServerProcess.CpuSeconds(p0) : 0;
        var runner = new LoadRunner(http, baseUrl, stream, options);
        var result = await runner.RunAsync(options.Target.ToString(), next, options.EffectiveDuration, options.Total);
        if (options.Target == TargetKind.OpsBot)
            result.Drain = await probe.WaitDrainedAsync(baseline + result.AcceptedAlerts, options.DrainTimeout);
        if (pid is { } p1)
        {
            result.ServerCpuSeconds = ServerProcess.CpuSeconds(p1) - cpuBefore;
            (result.RssKb, result.PeakRssKb) = ServerProcess.ReadMemory(p1);
        }
        result.Print(Console.Out);
        return result.Errors.Count == 0 ? 0 : 3;
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
