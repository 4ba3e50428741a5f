using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpsBot.Routing;
using OpsBot.Scheduling;
using OpsBot.Storage;

namespace OpsBot.Silences;

/// <summary>A silence (or one occurrence of a recurring window) ended: alerts it held that still fire are routed as if they had just arrived.</summary>
public sealed class WindowEndHandler(OpsBotDbContext db, RouteStage routing) : ITimerHandler
{
    public const string TimerKind = "window-end";

    public sealed record Payload(long SilenceId);

    public static string KeyFor(ActiveSilence silence) =>
        $"{TimerKind}:{silence.Silence.Id}:{silence.Until.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}";

    public string Kind => TimerKind;

    public async Task HandleAsync(TimerRow timer, CancellationToken ct) =>
        await ReleaseAsync(JsonSerializer.Deserialize<Payload>(timer.Payload)!.SilenceId, ct);

    public async Task ReleaseAsync(long silenceId, CancellationToken ct)
    {
        var held = await db.Alerts.Where(a => a.SilenceId == silenceId && a.Status != AlertLifecycle.Resolved).OrderBy(a => a.Id).ToListAsync(ct);
        foreach (var alert in held)
        {
            // Someone already acknowledged it: nobody needs to be paged for it now.
            if (alert.Status == AlertLifecycle.Acknowledged) alert.SilenceId = null;
            else await routing.RouteAsync(alert, "window-ended", ct);
        }
    }
}
