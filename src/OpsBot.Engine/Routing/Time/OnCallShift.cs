using NodaTime;

namespace OpsBot.Routing.Time;

/// <summary>
/// Who is on call from <paramref name="Start"/> (included) to <paramref name="End"/> (excluded).
/// <paramref name="Secondary"/> is the next member in rotation order, or, during an override
/// (<paramref name="Overridden"/>), the primary the schedule would have had; null in a one-member rotation.
/// </summary>
public sealed record OnCallShift(string Primary, string? Secondary, Instant Start, Instant End, bool Overridden);
