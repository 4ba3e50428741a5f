using System.Text.Json;
using OpsBot.Notify;
using OpsBot.Routing;
using OpsBot.Scheduling;
using OpsBot.Storage;

namespace OpsBot.Silences;

/// <summary>Shortly before a silence ends, its creator is told in the team's channel, so work still going on can extend it.</summary>
public sealed class SilenceReminderHandler(OpsBotDbContext db, Router router, Notifications notifications, TimeProvider clock) : ITimerHandler
{
    public const string TimerKind = "silence-reminder";

    public sealed record Payload(long SilenceId);

    public static string KeyFor(long silenceId) => $"{TimerKind}:{silenceId}";

    public string Kind => TimerKind;

    public async Task HandleAsync(TimerRow timer, CancellationToken ct)
    {
        var silence = await db.Silences.FindAsync([JsonSerializer.Deserialize<Payload>(timer.Payload)!.SilenceId], ct);
        if (silence is null || silence.ExpiredAt is not null || silence.EndsAt <= clock.GetUtcNow()) return;
        var model = router.Model;
        var team = silence.Team is not null && model.Teams.TryGetValue(silence.Team, out var t) ? t : model.Teams[model.DefaultTeam];
        var creator = team.Members.GetValueOrDefault(silence.CreatedBy);
        var left = silence.EndsAt - clock.GetUtcNow();
        notifications.Add(null, team.Name, team.Channels[0], NotificationKind.Reminder,
            $"Silence #{silence.Id} ends in {Math.Ceiling(left.TotalMinutes):0} min",
            $"{silence.Kind} #{silence.Id} by {silence.CreatedBy} ({silence.Comment}) on {string.Join(", ", JsonSerializer.Deserialize<List<string>>(silence.MatchersJson)!)} ends at {silence.EndsAt:u}. Extend it if the work is not done.",
            creator is null ? null : [creator]);
    }
}
