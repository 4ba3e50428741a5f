using NodaTime;

namespace OpsBot.Routing.Time;

/// <summary>
/// <paramref name="Member"/> is on call instead of the scheduled primary from <paramref name="Start"/> (included) to
/// <paramref name="End"/> (excluded), both on the rotation zone's wall clock.
/// </summary>
public sealed record OnCallOverride(LocalDateTime Start, LocalDateTime End, string Member);
