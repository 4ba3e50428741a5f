using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OpsBot.Tests.Support;

// PagerDuty REST PUT /incidents/{id} (PROTOCOLS.md §3.3); errors in PagerDuty's {"error":{"message","code","errors"}} shape.
public sealed partial class FakeChatApi
{
    private static readonly string[] IncidentStatuses = ["acknowledged", "resolved", "triggered"];

    private readonly List<FakePagerDutyUpdate> _pagerDutyUpdates = [];

    /// <summary>The REST API key PagerDuty requests must carry as "Authorization: Token token=…".</summary>
    public string PagerDutyToken { get; set; } = "pd-test";

    public IReadOnlyList<FakePagerDutyUpdate> PagerDutyUpdates
    {
        get { lock (_gate) return [.. _pagerDutyUpdates.Select(u => u with { Body = Copy(u.Body) })]; }
    }

    private void MapPagerDuty(IEndpointRouteBuilder app) => app.MapPut("/pagerduty/incidents/{incidentId}", UpdateIncidentAsync);

    private async Task UpdateIncidentAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (headers.Authorization.ToString() != "Token token=" + PagerDutyToken)
        {
            await WritePagerDutyErrorAsync(context, 401, "Authentication failed", 2006);
            return;
        }
        // PagerDuty itself falls back to a default version without this Accept; the fake insists so the client is shown to send it.
        if (!AcceptsVersion2(headers.Accept.ToString()))
        {
            await WritePagerDutyErrorAsync(context, 400, "Invalid Input Provided", 2001, "Accept must be application/vnd.pagerduty+json;version=2");
            return;
        }
        var from = headers.From.ToString();
        if (string.IsNullOrWhiteSpace(from))
        {
            await WritePagerDutyErrorAsync(context, 400, "Invalid Input Provided", 2001, "A valid 'From' header is required");
            return;
        }
        var body = await ReadJsonAsync(context);
        var status = StringOf(body?["incident"]?["status"]);
        if (body?["incident"] is not JsonObject || status is null || !IncidentStatuses.Contains(status))
        {
            await WritePagerDutyErrorAsync(context, 400, "Invalid Input Provided", 2001, "Incident status must be acknowledged, resolved or triggered");
            return;
        }

        var id = RouteValue(context, "incidentId")!;
        lock (_gate) _pagerDutyUpdates.Add(new FakePagerDutyUpdate(id, status, from, Copy(body)));
        await WriteJsonAsync(context, 200, new JsonObject
        {
            ["incident"] = new JsonObject { ["id"] = id, ["type"] = "incident", ["status"] = status },
        });
    }

    private static bool AcceptsVersion2(string accept) =>
        accept.Split(',').Any(item =>
            MediaTypeHeaderValue.TryParse(item, out var media) &&
            string.Equals(media.MediaType, "application/vnd.pagerduty+json", StringComparison.OrdinalIgnoreCase) &&
            media.Parameters.Any(p => string.Equals(p.Name, "version", StringComparison.OrdinalIgnoreCase) && p.Value == "2"));

    private static Task WritePagerDutyErrorAsync(HttpContext context, int status, string message, int code, params string[] errors)
    {
        var error = new JsonObject { ["message"] = message, ["code"] = code };
        if (errors.Length > 0) error["errors"] = new JsonArray([.. errors.Select(e => (JsonNode)e)]);
        return WriteJsonAsync(context, status, new JsonObject { ["error"] = error });
    }

    private void DescribePagerDuty(StringBuilder text)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"pagerduty updates ({_pagerDutyUpdates.Count}):");
        foreach (var u in _pagerDutyUpdates) text.AppendLine(CultureInfo.InvariantCulture, $"  {u.IncidentId} -> {u.Status} from {u.From}");
    }
}
