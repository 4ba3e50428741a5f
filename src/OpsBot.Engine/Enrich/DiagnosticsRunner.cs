using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using OpsBot.Diagnostics;
using OpsBot.Handlers;
using OpsBot.Routing;

namespace OpsBot.Enrich;

/// <summary>
/// Runs a handler's read-only diagnostics for one alert, each with its timeout and output cap. A provider that is
/// not configured, a host outside the inventory or an argument that fails the template's checks is a result that
/// says so, never a command.
/// </summary>
public sealed class DiagnosticsRunner(IHttpClientFactory httpClients, IOptions<PrometheusOptions> prometheus, IOptions<SshOptions> sshOptions,
    SshRunner ssh, KubectlRunner kubectl, Router router)
{
    public const string PrometheusHttpClient = "prometheus";

    public async Task<IReadOnlyList<DiagnosticResult>> RunAsync(AlertHandler handler, AlertContext context, CancellationToken ct)
    {
        var runs = handler.Diagnostics.Select(spec => RunOneAsync(spec, context, ct));
        return await Task.WhenAll(runs);
    }

    private async Task<DiagnosticResult> RunOneAsync(DiagnosticSpec spec, AlertContext context, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var (ok, output) = spec.Provider switch
            {
                DiagnosticProvider.Prometheus => await PromAsync(spec, context, ct),
                DiagnosticProvider.Ssh => await SshAsync(spec, context, ct),
                _ => await KubectlAsync(spec, context, ct),
            };
            return new DiagnosticResult(spec.Name, ok, output, LooksWrong: false, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new DiagnosticResult(spec.Name, false, $"failed: {e.Message}", false, Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task<(bool, string)> PromAsync(DiagnosticSpec spec, AlertContext context, CancellationToken ct)
    {
        if (!prometheus.Value.Enabled) return (false, "not run: Prometheus:Url is not set");
        var query = HandlerTemplate.RenderPromQL(spec.Query!, context);
        if (query.Refusal is { } refusal) return (false, "not run: " + refusal);
        var http = httpClients.CreateClient(PrometheusHttpClient);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(spec.Timeout);
        var samples = await new PrometheusClient(http).QueryAsync(query.Query, timeout.Token);
        if (samples.Count == 0) return (true, "no data");
        var text = new StringBuilder();
        foreach (var sample in samples.Take(20))
        {
            var labels = string.Join(", ", sample.Labels.Where(l => l.Key is not "__name__" and not "job").Select(l => $"{l.Key}={l.Value}"));
            text.Append(CultureInfo.InvariantCulture, $"{(labels.Length == 0 ? "value" : labels)}: {sample.Value:0.##}\n");
        }
        return (true, Cap(text.ToString().TrimEnd(), spec.MaxOutputBytes));
    }

    private async Task<(bool, string)> SshAsync(DiagnosticSpec spec, AlertContext context, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(sshOptions.Value.KeyFile)) return (false, "not run: Ssh:KeyFile is not set");
        if (context.Host is not { } host || router.Model.Inventory.Find(host) is null)
            return (false, $"not run: host {context.Host ?? "(none)"} is not in the inventory");
        var argv = HandlerTemplate.RenderArguments(spec.Command, context, []);
        if (argv.Refusal is { } refusal) return (false, "not run: " + refusal);
        return Outcome(await ssh.RunAsync(host, argv.Arguments!, spec.Timeout, spec.MaxOutputBytes, ct));
    }

    private async Task<(bool, string)> KubectlAsync(DiagnosticSpec spec, AlertContext context, CancellationToken ct)
    {
        var argv = HandlerTemplate.RenderArguments(spec.Command, context, []);
        if (argv.Refusal is { } refusal) return (false, "not run: " + refusal);
        return Outcome(await kubectl.RunAsync(argv.Arguments!, spec.Timeout, spec.MaxOutputBytes, ct));
    }

    private static (bool, string) Outcome(CommandResult result) =>
        (result.Succeeded, (result.TimedOut ? "timed out\n" : result.ExitCode != 0 ? $"exit code {result.ExitCode}\n" : "") +
                           result.Output.TrimEnd() + (result.Truncated ? "\n… (cut)" : ""));

    private static string Cap(string text, int max) => text.Length > max ? text[..max] + "\n… (cut)" : text;
}
