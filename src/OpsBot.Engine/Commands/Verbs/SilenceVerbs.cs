using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OpsBot.Alerts;
using OpsBot.Notify;
using OpsBot.Routing;
using OpsBot.Routing.Matching;
using OpsBot.Silences;
using OpsBot.Storage;

namespace OpsBot.Commands.Verbs;

/// <summary>
/// /ops silence &lt;matchers|#alert&gt; &lt;duration&gt; &lt;reason&gt;. A responder's silence is their team's, and may not
/// hide open alerts of another team; an admin's may.
/// </summary>
public sealed class SilenceCommand(OpsBotDbContext db, SilenceService silences, AlertActions actions) : IOpsCommand
{
    public string Verb => "silence";

    public async Task<CommandReply> RunAsync(CommandCall call, CancellationToken ct)
    {
        var words = call.Words;
        if (words.Length < 3) throw call.Usage("Give matchers (or #alert), a duration and a reason.");
        List<string> matchers;
        string? team;
        if (words[0].StartsWith('#'))
        {
            var alert = await actions.FindAsync(call, ct);
            matchers = ExactlyThisAlert(alert);
            team = alert.Team;
        }
        else
        {
            matchers = SplitMatchers(words[0]);
            team = await OwnerOfMatchedAsync(call, matchers, ct);
        }
        call.RequireTeam(team, "silence of " + words[0]);
        var row = await silences.CreateAsync(new SilenceRequest
        {
            Matchers = matchers, Duration = words[1], Comment = string.Join(' ', words[2..]), Team = team,
        }, call.Context.Actor, ct);
        call.Target = $"silence {row.Id}";
        return new(Created(row), InChannel: true);
    }

    /// <summary>The team the silence is for: the one owning the open alerts it would hide (refused when that is several teams for a non-admin).</summary>
    private async Task<string?> OwnerOfMatchedAsync(CommandCall call, List<string> texts, CancellationToken ct)
    {
        List<LabelMatcher> parsed;
        try { parsed = texts.Select(LabelMatcher.Parse).ToList(); }
        catch (FormatException e) { throw call.Usage(e.Message); }
        var open = await db.Alerts.AsNoTracking().Where(a => a.Status != AlertLifecycle.Resolved).ToListAsync(ct);
        var teams = open.Where(a => parsed.All(m => m.Matches(Dedupe.AlertStateMapper.Labels(a)))).Select(a => a.Team).OfType<string>().Distinct().ToList();
        var person = call.Context.Person;
        if (person is null || person.IsAdmin) return teams.Count == 1 ? teams[0] : null;
        var foreign = teams.FirstOrDefault(t => !person.Teams.Contains(t));
        return foreign ?? person.Teams.Order().First();
    }

    public static string Created(SilenceRow row) =>
        $"{(row.Kind == "maintenance" ? "Maintenance window" : "Silence")} {row.Id} by {row.CreatedBy} until {TimeText.Utc(row.EndsAt)}: " +
        $"{string.Join(", ", System.Text.Json.JsonSerializer.Deserialize<string[]>(row.MatchersJson) ?? [])} ({row.Comment})" +
        (row.AlertmanagerError is { } error ? $"\nAlertmanager did not take it: {error}" : row.AlertmanagerId is null ? "" : "\nAlso silenced in Alertmanager.");

    /// <summary>Splits "a=b,c=~\"x,y\"" on the commas outside quotes.</summary>
    public static List<string> SplitMatchers(string text)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"' && (i == 0 || text[i - 1] != '\\')) quoted = !quoted;
            if (c == ',' && !quoted) { parts.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        parts.Add(current.ToString());
        return parts.Where(p => p.Length > 0).ToList();
    }

    /// <summary>Matchers for exactly this alert's labels, written the way silences store them.</summary>
    public static List<string> ExactlyThisAlert(AlertStateRow alert) =>
        Dedupe.AlertStateMapper.Labels(alert).Select(l => LabelMatcher.Create(l.Key, MatchOp.Equal, l.Value).ToString()).ToList();
}

/// <summary>/ops maintenance &lt;host&gt; &lt;duration&gt; &lt;reason&gt;: everything about the host, for the host's owning team.</summary>
public sealed class MaintenanceCommand(SilenceService silences, Router router, TimeProvider clock) : IOpsCommand
{
    public string Verb => "maintenance";

    public async Task<CommandReply> RunAsync(CommandCall call, CancellationToken ct)
    {
        var words = call.Words;
        if (words.Length < 3) throw call.Usage("Give a host, a duration and a reason.");
        if (!HostNames.IsPlain(words[0])) throw call.Usage($"'{words[0]}' is not a host name.");
        var decision = router.Decide(new Dictionary<string, string> { [router.Model.HostLabels[0]] = words[0] }, Severity.Critical, clock.GetUtcNow());
        var team = decision.Primary.Team;
        call.RequireTeam(team, "host " + words[0]);
        var row = await silences.CreateAsync(new SilenceRequest
        {
            Host = words[0], Duration = words[1], Comment = string.Join(' ', words[2..]), Team = team,
        }, call.Context.Actor, ct);
        call.Target = $"silence {row.Id}";
        return new(SilenceCommand.Created(row) + $"\nOwner of {words[0]}: {team} ({decision.Primary.MatchedBy}).", InChannel: true);
    }
}

public sealed class SilencesCommand(OpsBotDbContext db, TimeProvider clock) : IOpsCommand
{
    public string Verb => "silences";

    public async Task<CommandReply> RunAsync(CommandCall call, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var active = await db.Silences.AsNoTracking().Where(s => s.ExpiredAt == null && s.EndsAt > now).OrderBy(s => s.EndsAt).Take(30).ToListAsync(ct);
        if (active.Count == 0) return new("No active silences or maintenance windows.");
        return new("Active silences:\n" + string.Join("\n", active.Select(s =>
            $"{s.Id} {s.Kind}{(s.StartsAt > now ? $" from {TimeText.Utc(s.StartsAt)}" : "")} until {TimeText.Utc(s.EndsAt)}" +
            $"{(s.Recurrence is null ? "" : $" ({s.Recurrence} {s.TimeZone})")} by {s.CreatedBy}: " +
            $"{string.Join(", ", System.Text.Json.JsonSerializer.Deserialize<string[]>(s.MatchersJson) ?? [])} — {s.Comment}")));
    }
}

public sealed class UnsilenceCommand(OpsBotDbContext db, SilenceService silences) : IOpsCommand
{
    public string Verb => "unsilence";

    public async Task<CommandReply> RunAsync(CommandCall call, CancellationToken ct)
    {
        if (!long.TryParse(call.Words.FirstOrDefault()?.TrimStart('#'), out var id)) throw call.Usage("Give the silence's number (see /ops silences).");
        var row = await db.Silences.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new CommandUsage($"There is no silence {id}.");
        call.RequireTeam(row.Team, $"silence {id}");
        if (row.ExpiredAt is not null) return new($"Silence {id} had already ended.");
        await silences.ExpireAsync(id, ct);
        return new($"Silence {id} ended by {call.Context.Actor}; alerts it held that still fire are routed now.", InChannel: true);
    }
}
