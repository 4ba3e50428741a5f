using NodaTime;

namespace OpsBot.Routing.Time;

/// <summary>
/// A rotation through members, handing over every day or week at a wall-clock time, with overrides on top.
/// </summary>
/// <remarks>
/// Handovers are counted on the local wall clock, so a 09:00 handover stays at 09:00 local across offset changes and
/// a weekly shift spanning the spring-forward is 167 hours long. A handover time the clocks skip happens when they
/// resume; one that occurs twice happens at its first occurrence. When overrides overlap, the one listed last wins,
/// so an appended swap takes precedence.
/// </remarks>
public sealed class OnCallRotation
{
    private readonly DateTimeZone zone;
    private readonly string[] members;
    private readonly HandoverEvery every;
    private readonly LocalDateTime firstHandover;
    private readonly (Instant Start, Instant End, string Member)[] overrides;

    /// <param name="zone">The zone whose wall clock handovers and overrides are read on.</param>
    /// <param name="members">Rotation order; the first shift is members[0]'s.</param>
    /// <param name="every">Daily or weekly handovers.</param>
    /// <param name="handoverTime">Local time of each handover.</param>
    /// <param name="handoverDay">Weekday of weekly handovers; ignored for daily ones.</param>
    /// <param name="anchor">
    /// The first shift starts at the first handover on or after this date: for daily handovers the anchor itself at
    /// <paramref name="handoverTime"/>, for weekly the first <paramref name="handoverDay"/> on or after it. Shifts before
    /// it are counted backwards, so every instant has someone on call.
    /// </param>
    /// <param name="overrides">Replacements for the scheduled primary; each member must be in <paramref name="members"/>.</param>
    /// <exception cref="ArgumentException">No members, an override that ends at or before its start, or an override for someone not in the rotation.</exception>
    public OnCallRotation(
        DateTimeZone zone,
        IReadOnlyList<string> members,
        HandoverEvery every,
        LocalTime handoverTime,
        IsoDayOfWeek handoverDay,
        LocalDate anchor,
        IEnumerable<OnCallOverride> overrides)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(overrides);
        if (members.Count == 0)
        {
            throw new ArgumentException("a rotation needs at least one member", nameof(members));
        }

        if (members.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("member names must not be blank", nameof(members));
        }

        if (!Enum.IsDefined(every))
        {
            throw new ArgumentOutOfRangeException(nameof(every), every, "use Day or Week");
        }

        if (every == HandoverEvery.Week && handoverDay is < IsoDayOfWeek.Monday or > IsoDayOfWeek.Sunday)
        {
            throw new ArgumentOutOfRangeException(nameof(handoverDay), handoverDay, "use Monday..Sunday for weekly handovers");
        }

        this.zone = zone;
        this.members = [.. members];
        this.every = every;
        var firstDate = every == HandoverEvery.Week ? anchor.With(DateAdjusters.NextOrSame(handoverDay)) : anchor;
        firstHandover = firstDate + handoverTime;
        this.overrides = [.. overrides.Select(ResolveOverride)];
    }

    /// <summary>
    /// Who is on call at <paramref name="at"/>. A handover instant belongs to the shift it starts. An override covering
    /// <paramref name="at"/> replaces the primary and reports its own start and end.
    /// </summary>
    public OnCallShift At(Instant at)
    {
        var index = ShiftIndexAt(at);
        var scheduled = MemberOf(index);
        for (var i = overrides.Length - 1; i >= 0; i--)
        {
            var (start, end, member) = overrides[i];
            if (start <= at && at < end)
            {
                return new OnCallShift(member, scheduled, start, end, Overridden: true);
            }
        }

        var secondary = members.Length > 1 ? MemberOf(index + 1) : null;
        return new OnCallShift(scheduled, secondary, HandoverAt(index), HandoverAt(index + 1), Overridden: false);
    }

    private (Instant Start, Instant End, string Member) ResolveOverride(OnCallOverride entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.End <= entry.Start)
        {
            throw new ArgumentException($"override for '{entry.Member}' ends at {entry.End} but starts at {entry.Start}", "overrides");
        }

        if (!members.Contains(entry.Member, StringComparer.Ordinal))
        {
            throw new ArgumentException($"override member '{entry.Member}' is not in the rotation", "overrides");
        }

        return (WallClock.ToInstant(zone, entry.Start), WallClock.ToInstant(zone, entry.End), entry.Member);
    }

    // Shift 0 starts at the first handover; negative shifts come before it.
    private int ShiftIndexAt(Instant at)
    {
        // Estimate from elapsed time, then step: offset changes make shifts an hour or so shorter or longer than nominal.
        var nominalShift = every == HandoverEvery.Day ? Duration.FromDays(1) : Duration.FromDays(7);
        var index = (int)Math.Floor((at - HandoverAt(0)) / nominalShift);
        while (HandoverAt(index) > at)
        {
            index--;
        }

        while (HandoverAt(index + 1) <= at)
        {
            index++;
        }

        return index;
    }

    private Instant HandoverAt(int index) => WallClock.ToInstant(
        zone, every == HandoverEvery.Day ? firstHandover.PlusDays(index) : firstHandover.PlusWeeks(index));

    private string MemberOf(int index) => members[((index % members.Length) + members.Length) % members.Length];
}
