using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsBot.Diagnostics;
using OpsBot.Routing;
using OpsBot.Routing.Matching;
using OpsBot.Storage;

namespace OpsBot.Enrich;

/// <summary>What /ops host and GET /api/hosts/{name} show: the owner from the inventory, live figures from Prometheus, the open alerts.</summary>
public sealed class HostLookup(OpsBotDbContext db, Router router, IHttpClientFactory httpClients, IOptions<PrometheusOptions> prometheus, TimeProvider clock)
{
    public sealed record OpenAlert(long Id, string Severity, string AlertName, string Summary);
    public sealed record Result(string Host, string? Owner, string InventoryEntry, HostSummary? Summary, string? SummaryProblem, IReadOnlyList<OpenAlert> OpenAlerts);

    /// <exception cref="ArgumentException">The name is not a host name, or not in the inventory: nothing is looked up.</exception>
    public async Task<Result> FindAsync(string name, CancellationToken ct)
    {
        var host = HostNames.FromLabels(new Dictionary<string, string> { ["host"] = name }, ["host"]);
        if (host is null || !HostNames.IsPlain(host))
            throw new ArgumentException($"'{name}' is not a host name");
        var entry = router.Model.Inventory.Find(host) ?? throw new ArgumentException($"{host} is not in the host inventory, so OpsBot will not look at it");

        HostSummary? summary = null;
        string? problem = null;
        if (!prometheus.Value.Enabled) problem = "live figures need Prometheus:Url";
        else
        {
            try
            {
                var http = httpClients.CreateClient(DiagnosticsRunner.PrometheusHttpClient);
                summary = await new HostSummaryBuilder(new PrometheusClient(http), clock).BuildAsync(host, ct);
            }
            catch (PrometheusUnavailableException e) { problem = e.Message; }
        }
        var open = (await db.Alerts.AsNoTracking().Where(a => a.Status != AlertLifecycle.Resolved).ToListAsync(ct))
            .Where(a => HostNames.FromLabels(Dedupe.AlertStateMapper.Labels(a), router.Model.HostLabels) == host)
            .OrderByDescending(a => a.Severity)
            .Select(a => new OpenAlert(a.Id, a.Severity.ToString().ToLowerInvariant(), a.AlertName, a.Summary)).ToList();
        return new Result(host, entry.Team, entry.Pattern, summary, problem, open);
    }

    public static string Render(Result r)
    {
        var text = new System.Text.StringBuilder($"{r.Host}: owned by {r.Owner ?? "no team"} (inventory entry {r.InventoryEntry}).\n");
        text.Append(r.Summary is { } s ? s.Render() + "\n" : $"No live figures: {r.SummaryProblem}.\n");
        text.Append(r.OpenAlerts.Count == 0 ? "No open alerts." : $"Open alerts ({r.OpenAlerts.Count}):");
        foreach (var a in r.OpenAlerts) text.Append($"\n#{a.Id} [{a.Severity}] {a.AlertName}: {a.Summary}");
        return text.ToString();
    }
}
