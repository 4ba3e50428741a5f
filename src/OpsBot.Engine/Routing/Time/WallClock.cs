using NodaTime;
using NodaTime.TimeZones;

namespace OpsBot.Routing.Time;

/// <summary>Turns wall-clock schedule times into instants the same way everywhere in this namespace.</summary>
internal static class WallClock
{
    /// <summary>
    /// A time the clocks skip happens when they resume (01:30 on London's spring-forward night is 02:00 BST, the first
    /// instant after the gap), and a time that occurs twice counts at its first occurrence. Resolvers.LenientResolver
    /// would shift a skipped 01:30 by the gap to 02:30, yet at 02:00 a clock already reads past 01:30, so a schedule
    /// that started at 02:30 would disagree with what people see.
    /// </summary>
    public static readonly ZoneLocalMappingResolver Resolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    public static Instant ToInstant(DateTimeZone zone, LocalDateTime local) => zone.ResolveLocal(local, Resolver).ToInstant();
}
