using System.Text;
using OpsBot.Diagnostics;
using OpsBot.Handlers;

namespace OpsBot.Remediate;

/// <summary>Runs a stored <see cref="FixInvocation"/> with the executor it names. The executors are code; handlers only choose and parameterise them.</summary>
public sealed class FixExecutors(SshRunner ssh, KubectlRunner kubectl, IHttpClientFactory httpClients)
{
    public const string HttpClientName = "fixes";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private const int MaxOutput = 8000;

    public async Task<CommandResult> RunAsync(FixInvocation fix, CancellationToken ct)
    {
        switch (fix.Executor)
        {
            case FixExecutor.SshCommand:
            case FixExecutor.SystemdRestart:
                return await ssh.RunAsync(fix.Target, fix.Argv, Timeout, MaxOutput, ct);
            case FixExecutor.KubernetesRolloutRestart:
                return await kubectl.RunAsync(fix.Argv, Timeout, MaxOutput, ct);
            default:
                return await CallAsync(fix, ct);
        }
    }

    private async Task<CommandResult> CallAsync(FixInvocation fix, CancellationToken ct)
    {
        using var http = httpClients.CreateClient(HttpClientName);
        http.Timeout = Timeout;
        using var request = new HttpRequestMessage(new HttpMethod(fix.Method ?? "POST"), fix.Url);
        if (fix.Body is not null) request.Content = new StringContent(fix.Body, Encoding.UTF8, "application/json");
        try
        {
            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            var output = $"{(int)response.StatusCode} {response.ReasonPhrase}\n{body}";
            return new CommandResult(response.IsSuccessStatusCode ? 0 : (int)response.StatusCode, output.Length > MaxOutput ? output[..MaxOutput] : output,
                TimedOut: false, Truncated: output.Length > MaxOutput);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new CommandResult(-1, e.Message, TimedOut: e is TaskCanceledException, Truncated: false);
        }
    }
}
