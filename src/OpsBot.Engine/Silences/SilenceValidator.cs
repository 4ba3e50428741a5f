using System.Text.RegularExpressions;
using OpsBot.Routing.Matching;
using OpsBot.Routing.Time;

namespace OpsBot.Silences;

/// <summary>Turns a request into a valid silence or a precise reason why not. Pure: the caller supplies now, the teams and the known labels.</summary>
public sealed class SilenceValidator(SilenceOptions options, IReadOnlySet<string> teams, string serviceLabel)
{
    public sealed record Valid(string Kind, IReadOnlyList<LabelMatcher> Matchers, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
        string? Recurrence, string? TimeZone, string CreatedBy, string Comment, string? Team);

    public Valid Validate(SilenceRequest request, string? authenticatedUser, DateTimeOffset now, Func<IReadOnlySet<string>> knownLabels)
    {
        var matchers = new List<LabelMatcher>();
        foreach (var text in request.Matchers ?? []) matchers.Add(Parse(text));
        if (request.Host is { Length: > 0 } host)
            matchers.Add(LabelMatcher.Create(options.HostLabel, MatchOp.Regex, Regex.Escape(host) + "(:[0-9]+)?"));
        if (request.Service is { Length: > 0 } service) matchers.Add(LabelMatcher.Create(serviceLabel, MatchOp.Equal, service));
        if (matchers.Count == 0) throw Bad("no_matchers", "give matchers (e.g. [\"alertname=DiskFull\"]), a host or a service");
        if (matchers.All(m => m.Matches(new Dictionary<string, string>())))
            throw Bad("matches_everything", "at least one matcher must require a non-empty label value, or the silence would hide every alert");

        if (options.StrictLabels)
        {
            var known = knownLabels();
            var unknown = matchers.Select(m => m.Name).Where(n => !known.Contains(n)).Distinct().ToList();
            if (unknown.Count > 0) throw Bad("unknown_label", $"unknown label name(s) {string.Join(", ", unknown)} (strict mode: only labels seen on alerts or listed in Silences:KnownLabels)");
        }

        var createdBy = authenticatedUser ?? request.CreatedBy?.Trim();
        if (string.IsNullOrEmpty(createdBy)) throw Bad("no_creator", "createdBy is required (who to remind before it ends)");
        var comment = request.Comment?.Trim();
        if (string.IsNullOrEmpty(comment)) throw Bad("no_comment", "comment is required: say why (e.g. the change ticket)");
        if (Blank(request.Team) is { } team && !teams.Contains(team)) throw Bad("unknown_team", $"unknown team '{team}'");

        var startsAt = request.StartsAt ?? now;
        var kind = request.Host is { Length: > 0 } || request.Service is { Length: > 0 } ? "maintenance" : "silence";
        if (request.Recurrence is { Length: > 0 } recurrence) return Recurring(request, recurrence, matchers, startsAt, now, createdBy, comment, kind);

        var endsAt = End(request, startsAt);
        if (endsAt <= startsAt) throw Bad("ends_before_start", $"endsAt {endsAt:u} is not after startsAt {startsAt:u}");
        if (endsAt <= now) throw Bad("already_ended", $"endsAt {endsAt:u} is in the past");
        if (endsAt - startsAt > options.MaxDuration)
            throw Bad("too_long", $"lasts {DurationText.Format(endsAt - startsAt)}, longer than the maximum {DurationText.Format(options.MaxDuration)} (Silences:MaxDuration)");
        return new Valid(kind, matchers, startsAt, endsAt, null, null, createdBy, comment, Blank(request.Team));
    }

    private Valid Recurring(SilenceRequest request, string recurrence, List<LabelMatcher> matchers, DateTimeOffset startsAt, DateTimeOffset now,
        string createdBy, string comment, string kind)
    {
        var zoneId = request.TimeZone is { Length: > 0 } z ? z : "UTC";
        RecurringWindow window;
        try { window = RecurringWindow.Parse(recurrence, TimeZones.Find(zoneId)); }
        catch (FormatException e) { throw Bad("bad_recurrence", e.Message); }
        var occurrence = window.NextStart(TimeZones.ToInstant(startsAt));
        var length = window.OccurrenceAt(occurrence) is { } o ? (o.End - o.Start).ToTimeSpan() : TimeSpan.Zero;
        if (length > options.MaxDuration)
            throw Bad("too_long", $"each window lasts {DurationText.Format(length)}, longer than the maximum {DurationText.Format(options.MaxDuration)} (Silences:MaxDuration)");
        // End() also refuses endsAt together with a duration, as for a one-off silence.
        var endsAt = request.EndsAt is null && request.Duration is null ? startsAt + options.DefaultRecurringSeries : End(request, startsAt);
        if (endsAt <= startsAt) throw Bad("ends_before_start", $"endsAt {endsAt:u} is not after startsAt {startsAt:u}");
        if (endsAt <= now) throw Bad("already_ended", $"endsAt {endsAt:u} is in the past");
        return new Valid(kind, matchers, startsAt, endsAt, recurrence, zoneId, createdBy, comment, Blank(request.Team));
    }

    private static DateTimeOffset End(SilenceRequest request, DateTimeOffset startsAt)
    {
        if (request.EndsAt is { } end)
        {
            if (request.Duration is not null) throw Bad("ambiguous_end", "give endsAt or duration, not both");
            return end;
        }
        if (request.Duration is null) throw Bad("no_end", "give endsAt or duration (e.g. \"2h\")");
        return DurationText.TryParse(request.Duration, out var duration)
            ? startsAt + duration
            : throw Bad("bad_duration", $"duration '{request.Duration}' is not like 30m, 2h, 1h30m or 1d");
    }

    private static LabelMatcher Parse(string text)
    {
        try { return LabelMatcher.Parse(text); }
        catch (FormatException e) { throw Bad("bad_matcher", e.Message); }
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static SilenceRejected Bad(string code, string message) => new(code, message);
}

public sealed class SilenceRejected(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
