using OpsBot.Routing.Time;

namespace OpsBot.Tests.Routing.Time;

public sealed class TimeZonesTests
{
    [Fact]
    public void Find_ReturnsTheIanaZone()
    {
        Assert.Equal("Europe/Berlin", TimeZones.Find("Europe/Berlin").Id);
    }

    [Fact]
    public void Find_RejectsUnknownNameWithAHint()
    {
        var error = Assert.Throws<FormatException>(() => TimeZones.Find("Europe/Atlantis"));

        Assert.Equal("unknown time zone 'Europe/Atlantis' (use an IANA name such as Europe/Berlin)", error.Message);
    }

    [Fact]
    public void Conversions_KeepTheInstantAndReturnUtc()
    {
        var local = new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2));

        var instant = TimeZones.ToInstant(local);

        Assert.Equal(TimeText.Instant("2026-03-29T01:00:00Z"), instant);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), TimeZones.ToDateTimeOffset(instant));
        Assert.Equal(TimeSpan.Zero, TimeZones.ToDateTimeOffset(instant).Offset);
    }
}
