using System.Globalization;
using OpsBot.Silences;

namespace OpsBot.Tests.Silences;

public sealed class SilenceValidatorTests
{
    private static readonly DateTimeOffset Now = At("2026-01-14T09:00:00Z");

    private static readonly IReadOnlySet<string> KnownLabels = new HashSet<string> { "alertname", "instance", "service", "env" };

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.None);

    private static SilenceValidator Validator(bool strict = false, TimeSpan? maxDuration = null) => new(
        new SilenceOptions { StrictLabels = strict, MaxDuration = maxDuration ?? TimeSpan.FromDays(7) },
        new HashSet<string>(["emea", "amer"], StringComparer.OrdinalIgnoreCase),
        "service");

    private static SilenceRequest Request(params string[] matchers) => new()
    {
        Matchers = [.. matchers],
        Duration = "2h",
        CreatedBy = "alice",
        Comment = "CHG-1234 disk replacement",
    };

    private static SilenceValidator.Valid Validate(SilenceRequest request, bool strict = false, string? user = null) =>
        Validator(strict).Validate(request, user, Now, () => KnownLabels);

    private static SilenceRequest Rejected(string code) => code switch
    {
        "no_matchers" => Request() with { Matchers = null },
        "matches_everything" => Request("env!=prod", "alertname=~\".*\""),
        "bad_matcher" => Request("alertname==DiskFull"),
        "unknown_label" => Request("alertnme=DiskFull", "instance=db-1"),
        "no_creator" => Request("alertname=DiskFull") with { CreatedBy = "  " },
        "no_comment" => Request("alertname=DiskFull") with { Comment = null },
        "unknown_team" => Request("alertname=DiskFull") with { Team = "apac" },
        "ends_before_start" => Request("alertname=DiskFull") with { Duration = null, StartsAt = At("2026-01-14T10:00:00Z"), EndsAt = At("2026-01-14T09:30:00Z") },
        "ends_at_start" => Request("alertname=DiskFull") with { Duration = null, EndsAt = Now },
        "already_ended" => Request("alertname=DiskFull") with { Duration = null, StartsAt = At("2026-01-14T07:00:00Z"), EndsAt = At("2026-01-14T08:00:00Z") },
        "too_long" => Request("alertname=DiskFull") with { Duration = "8d" },
        "too_long by endsAt" => Request("alertname=DiskFull") with { Duration = null, EndsAt = Now.AddDays(7).AddSeconds(1) },
        "bad_duration" => Request("alertname=DiskFull") with { Duration = "2 hours" },
        "ambiguous_end" => Request("alertname=DiskFull") with { EndsAt = At("2026-01-14T12:00:00Z") },
        "no_end" => Request("alertname=DiskFull") with { Duration = null },
        "bad_recurrence" => Request("alertname=DiskFull") with { Recurrence = "Someday 02:00-04:00" },
        "bad_recurrence zone" => Request("alertname=DiskFull") with { Recurrence = "Sun 02:00-04:00", TimeZone = "Mars/Olympus" },
        "recurring too_long" => Request("alertname=DiskFull") with { Recurrence = "Sat 00:00-24:00", Duration = null },
        "recurring ambiguous_end" => Request("alertname=DiskFull") with { Recurrence = "Sun 02:00-04:00", EndsAt = At("2026-06-01T00:00:00Z") },
        "recurring already_ended" => Request("alertname=DiskFull") with
        {
            Recurrence = "Sun 02:00-04:00", Duration = null, StartsAt = At("2025-01-01T00:00:00Z"), EndsAt = At("2025-06-01T00:00:00Z"),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "no such case"),
    };

    [Theory]
    [InlineData("no_matchers", "no_matchers", "give matchers (e.g. [\"alertname=DiskFull\"]), a host or a service")]
    [InlineData("matches_everything", "matches_everything", "at least one matcher must require a non-empty label value, or the silence would hide every alert")]
    [InlineData("bad_matcher", "bad_matcher", "matcher 'alertname==DiskFull': unexpected '=' after operator '=' (quote the value if it starts with '=')")]
    [InlineData("unknown_label", "unknown_label", "unknown label name(s) alertnme (strict mode: only labels seen on alerts or listed in Silences:KnownLabels)")]
    [InlineData("no_creator", "no_creator", "createdBy is required (who to remind before it ends)")]
    [InlineData("no_comment", "no_comment", "comment is required: say why (e.g. the change ticket)")]
    [InlineData("unknown_team", "unknown_team", "unknown team 'apac'")]
    [InlineData("ends_before_start", "ends_before_start", "endsAt 2026-01-14 09:30:00Z is not after startsAt 2026-01-14 10:00:00Z")]
    [InlineData("ends_at_start", "ends_before_start", "endsAt 2026-01-14 09:00:00Z is not after startsAt 2026-01-14 09:00:00Z")]
    [InlineData("already_ended", "already_ended", "endsAt 2026-01-14 08:00:00Z is in the past")]
    [InlineData("too_long", "too_long", "lasts 8d, longer than the maximum 7d (Silences:MaxDuration)")]
    [InlineData("too_long by endsAt", "too_long", "lasts 7d1s, longer than the maximum 7d (Silences:MaxDuration)")]
    [InlineData("bad_duration", "bad_duration", "duration '2 hours' is not like 30m, 2h, 1h30m or 1d")]
    [InlineData("ambiguous_end", "ambiguous_end", "give endsAt or duration, not both")]
    [InlineData("no_end", "no_end", "give endsAt or duration (e.g. \"2h\")")]
    [InlineData("bad_recurrence", "bad_recurrence", "\"Someday 02:00-04:00\": unknown day 'Someday' (use Mon..Sun)")]
    [InlineData("bad_recurrence zone", "bad_recurrence", "unknown time zone 'Mars/Olympus' (use an IANA name such as Europe/Berlin)")]
    [InlineData("recurring ambiguous_end", "ambiguous_end", "give endsAt or duration, not both")]
    [InlineData("recurring already_ended", "already_ended", "endsAt 2025-06-01 00:00:00Z is in the past")]
    public void Validate_Rejects(string @case, string expectedCode, string expectedMessage)
    {
        var e = Assert.Throws<SilenceRejected>(() => Validate(Rejected(@case), strict: true));

        Assert.Equal((expectedCode, expectedMessage), (e.Code, e.Message));
    }

    [Fact]
    public void Validate_RejectsARecurringWindowLongerThanTheMaximum()
    {
        var e = Assert.Throws<SilenceRejected>(() =>
            Validator(maxDuration: TimeSpan.FromHours(12)).Validate(Rejected("recurring too_long"), null, Now, () => KnownLabels));

        Assert.Equal(("too_long", "each window lasts 1d, longer than the maximum 12h (Silences:MaxDuration)"), (e.Code, e.Message));
    }

    [Fact]
    public void Validate_UnknownLabelsAreAllowedOutsideStrictMode()
    {
        var valid = Validate(Request("alertnme=DiskFull"), strict: false);

        Assert.Equal(["alertnme=\"DiskFull\""], valid.Matchers.Select(m => m.ToString()));
    }

    [Fact]
    public void Validate_StrictModeDoesNotAskForKnownLabelsWhenNotStrict()
    {
        var asked = 0;

        Validator(strict: false).Validate(Request("alertname=DiskFull"), null, Now, () => { asked++; return KnownLabels; });

        Assert.Equal(0, asked);
    }

    [Fact]
    public void Validate_SilenceForTwoHours()
    {
        var valid = Validate(Request("alertname=DiskFull", "env=~\"prod|staging\"") with { Team = "emea" }, strict: true);

        Assert.Equal("silence", valid.Kind);
        Assert.Equal(["alertname=\"DiskFull\"", "env=~\"prod|staging\""], valid.Matchers.Select(m => m.ToString()));
        Assert.Equal(Now, valid.StartsAt);
        Assert.Equal(At("2026-01-14T11:00:00Z"), valid.EndsAt);
        Assert.Null(valid.Recurrence);
        Assert.Null(valid.TimeZone);
        Assert.Equal("alice", valid.CreatedBy);
        Assert.Equal("CHG-1234 disk replacement", valid.Comment);
        Assert.Equal("emea", valid.Team);
    }

    [Fact]
    public void Validate_ExactlyTheMaximumIsAllowed()
    {
        var valid = Validate(Request("alertname=DiskFull") with { Duration = "7d" });

        Assert.Equal(At("2026-01-21T09:00:00Z"), valid.EndsAt);
    }

    [Fact]
    public void Validate_FutureStartWithEndsAt()
    {
        var valid = Validate(Request("alertname=DiskFull") with
        {
            Duration = null, StartsAt = At("2026-01-15T22:00:00+01:00"), EndsAt = At("2026-01-16T02:00:00+01:00"),
        });

        Assert.Equal((At("2026-01-15T21:00:00Z"), At("2026-01-16T01:00:00Z")), (valid.StartsAt, valid.EndsAt));
    }

    [Fact]
    public void Validate_AuthenticatedUserIsTheCreator()
    {
        var valid = Validate(Request("alertname=DiskFull") with { CreatedBy = "mallory" }, user: "bob");

        Assert.Equal("bob", valid.CreatedBy);
    }

    [Fact]
    public void Validate_CreatorAndCommentAreTrimmed()
    {
        var valid = Validate(Request("alertname=DiskFull") with { CreatedBy = " alice ", Comment = "  reboot  " });

        Assert.Equal(("alice", "reboot"), (valid.CreatedBy, valid.Comment));
    }

    [Theory]
    [InlineData("web-1:9100", true)]
    [InlineData("web-1", true)]
    [InlineData("WEB-1", false)]
    [InlineData("web-10", false)]
    [InlineData("web-10:9100", false)]
    [InlineData("web-1:", false)]
    [InlineData("xweb-1", false)]
    public void Validate_HostMaintenanceMatchesTheHostWithAnyPort(string instance, bool expected)
    {
        var valid = Validate(new SilenceRequest { Host = "web-1", Duration = "2h", CreatedBy = "alice", Comment = "patching" });

        var matcher = Assert.Single(valid.Matchers);
        Assert.Equal("maintenance", valid.Kind);
        Assert.Equal("instance=~\"web-1(:[0-9]+)?\"", matcher.ToString());
        Assert.Equal(expected, matcher.Matches(new Dictionary<string, string> { ["instance"] = instance }));
    }

    [Theory]
    [InlineData("db1.example.com:5432", true)]
    [InlineData("db1xexample.com", false)]
    public void Validate_HostIsMatchedLiterally(string instance, bool expected)
    {
        var valid = Validate(new SilenceRequest { Host = "db1.example.com", Duration = "2h", CreatedBy = "alice", Comment = "patching" });

        var matcher = Assert.Single(valid.Matchers);
        Assert.Equal("instance=~\"db1\\\\.example\\\\.com(:[0-9]+)?\"", matcher.ToString());
        Assert.Equal(expected, matcher.Matches(new Dictionary<string, string> { ["instance"] = instance }));
    }

    [Fact]
    public void Validate_ServiceMaintenanceUsesTheServiceLabel()
    {
        var valid = Validate(new SilenceRequest { Service = "checkout", Matchers = ["env=prod"], Duration = "2h", CreatedBy = "alice", Comment = "deploy" });

        Assert.Equal("maintenance", valid.Kind);
        Assert.Equal(["env=\"prod\"", "service=\"checkout\""], valid.Matchers.Select(m => m.ToString()));
    }

    [Fact]
    public void Validate_RecurringWindowInAZoneRunsForAYearByDefault()
    {
        var valid = Validate(new SilenceRequest
        {
            Host = "db-1", Recurrence = "Sun 02:00-04:00", TimeZone = "Europe/Berlin", CreatedBy = "alice", Comment = "weekly backup",
        });

        Assert.Equal("maintenance", valid.Kind);
        Assert.Equal("Sun 02:00-04:00", valid.Recurrence);
        Assert.Equal("Europe/Berlin", valid.TimeZone);
        Assert.Equal(Now, valid.StartsAt);
        Assert.Equal(At("2027-01-14T09:00:00Z"), valid.EndsAt);
    }

    [Fact]
    public void Validate_RecurringWindowDefaultsToUtcAndTakesAnEnd()
    {
        var valid = Validate(Request("alertname=Backup") with { Recurrence = "Mon-Fri 22:00-02:00", Duration = "30d" });

        Assert.Equal("UTC", valid.TimeZone);
        Assert.Equal(At("2026-02-13T09:00:00Z"), valid.EndsAt);
    }
}
