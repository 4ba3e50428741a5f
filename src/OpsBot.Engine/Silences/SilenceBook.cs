using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpsBot.Routing.Matching;
using OpsBot.Routing.Time;
using OpsBot.Storage;

namespace OpsBot.Silences;

/// <summary>Answers "is this alert silenced now, by what, until when", reading the silences table.</summary>
public sealed class SilenceBook(OpsBotDbContext db)
{
    // Parsed once per distinct text: matchers and windows of a silence never change after creation.
    private static readonly ConcurrentDictionary<(string, string?, string?), CompiledSilence> Compiled = new();

    // Read once per scope (one stage transaction): a batch of alerts is checked against the same silences.
    private List<SilenceRow>? _current;

    public async Task<ActiveSilence?> FindAsync(IReadOnlyDictionary<string, string> labels, DateTimeOffset now, CancellationToken ct)
    {
        _current ??= await db.Silences.AsNoTracking().Where(s => s.ExpiredAt == null && s.EndsAt > now).OrderBy(s => s.Id).ToListAsync(ct);
        ActiveSilence? longest = null;
        foreach (var silence in _current)
        {
            if (ActiveUntil(silence, labels, now) is { } until && (longest is null || until > longest.Until)) longest = new ActiveSilence(silence, until);
        }
        return longest;
    }

    /// <summary>When the silence applies to these labels at <paramref name="now"/>, the end of that; else null.</summary>
    public static DateTimeOffset? ActiveUntil(SilenceRow silence, IReadOnlyDictionary<string, string> labels, DateTimeOffset now) =>
        InEffectUntil(silence, now) is { } until && Matchers.AllMatch(Compile(silence).Matchers, labels) ? until : null;

    /// <summary>When the silence is in effect at <paramref name="now"/> (for a recurring window: inside an occurrence), until when; else null.</summary>
    public static DateTimeOffset? InEffectUntil(SilenceRow silence, DateTimeOffset now)
    {
        if (silence.ExpiredAt is not null || now < silence.StartsAt || now >= silence.EndsAt) return null;
        var window = Compile(silence).Window;
        if (window is null) return silence.EndsAt;
        if (window.OccurrenceAt(TimeZones.ToInstant(now)) is not { } occurrence) return null;
        var end = TimeZones.ToDateTimeOffset(occurrence.End);
        return end < silence.EndsAt ? end : silence.EndsAt;
    }

    private static CompiledSilence Compile(SilenceRow silence) =>
        Compiled.GetOrAdd((silence.MatchersJson, silence.Recurrence, silence.TimeZone), key =>
        {
            var matchers = Matchers.ParseAll(JsonSerializer.Deserialize<List<string>>(key.Item1) ?? []);
            var window = key.Item2 is null ? null : RecurringWindow.Parse(key.Item2, TimeZones.Find(key.Item3 ?? "UTC"));
            return new CompiledSilence(matchers, window);
        });

    private sealed record CompiledSilence(IReadOnlyList<LabelMatcher> Matchers, RecurringWindow? Window);
}
