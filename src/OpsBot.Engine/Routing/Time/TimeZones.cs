using NodaTime;

namespace OpsBot.Routing.Time;

/// <summary>Looks up zones by IANA name and converts between BCL and NodaTime instants at the edges of the routing code.</summary>
public static class TimeZones
{
    /// <exception cref="FormatException">The name is not in the IANA (tzdb) database.</exception>
    public static DateTimeZone Find(string ianaId)
    {
        var zone = ianaId is null ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(ianaId);
        return zone ?? throw new FormatException($"unknown time zone '{ianaId}' (use an IANA name such as Europe/Berlin)");
    }

    public static Instant ToInstant(DateTimeOffset value) => Instant.FromDateTimeOffset(value);

    /// <summary>The instant with a zero offset, so the value compares and serialises as UTC.</summary>
    public static DateTimeOffset ToDateTimeOffset(Instant value) => value.ToDateTimeOffset();
}
