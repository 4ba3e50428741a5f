using OpsBot.Alerts;
using OpsBot.Routing.Config;
using OpsBot.Routing.Matching;
using OpsBot.Routing.Model;
using static OpsBot.Tests.Routing.RouterCases.RoutingTestData;

namespace OpsBot.Tests.Routing.Config;

public sealed class RoutingModelBuilderTests
{
    private const string Teams3 = "(teams: amer, emea, ops)";
    private const string EmeaMembers = "(members: alice, bob, carol, dave)";

    /// <summary>One mistake per case, applied to the otherwise valid shared world.</summary>
    private static void Break(string mistake, RoutingOptions routing, Dictionary<string, TeamOptions> teams)
    {
        var emea = teams["emea"];
        switch (mistake)
        {
            case "rule team": routing.Rules.Add(Rule("nope", "job=node")); break;
            case "rule teams": routing.Rules.Add(new OwnershipRuleOptions { Teams = ["emea", "nope"], Match = ["job=node"] }); break;
            case "rule without team": routing.Rules.Add(new OwnershipRuleOptions { Match = ["job=node"] }); break;
            case "rule team and teams": routing.Rules.Add(new OwnershipRuleOptions { Team = "ops", Teams = ["emea", "amer"], Match = ["job=node"] }); break;
            case "rule without matchers": routing.Rules.Add(Rule("emea")); break;
            case "rule bad matcher": routing.Rules.Add(Rule("emea", "job=node", "alertname==DiskFull")); break;
            case "rule bad regex": routing.Rules.Add(Rule("emea", "alertname=~\"(Disk\"")); break;
            case "rule channel": routing.Rules.Add(new OwnershipRuleOptions { Team = "emea", Channel = "pager", Match = ["job=node"] }); break;
            case "follow-the-sun channel": routing.Rules.Add(new OwnershipRuleOptions { Teams = ["emea", "amer"], Channel = "emea-oncall", Match = ["job=node"] }); break;
            case "default team": routing.DefaultTeam = "nope"; break;
            case "no default team": routing.DefaultTeam = " "; break;
            case "host team": routing.Hosts.Insert(0, new HostOptions { Pattern = "mq-*", Team = "nope" }); break;
            case "host without owner": routing.Hosts.Insert(0, new HostOptions { Pattern = "mq-*", Environment = "prod" }); break;
            case "host without pattern": routing.Hosts.Insert(0, new HostOptions { Pattern = "", Team = "ops" }); break;
            case "service team": routing.Services.Add(new ServiceOptions { Name = "billing", Team = "nope" }); break;
            case "service without name": routing.Services.Insert(0, new ServiceOptions { Name = "", Team = "ops" }); break;
            case "no host labels": routing.HostLabels = []; break;
            case "time zone": emea.TimeZone = "Europe/Berln"; break;
            case "business hours": emea.BusinessHours = ["Mon-Fri 09:00-17:00", "Mon-Fri 9-17"]; break;
            case "business hours day": emea.BusinessHours = ["Mon-Fry 09:00-17:00"]; break;
            case "holiday": emea.Holidays = ["2026-12-25", "2026-13-01"]; break;
            case "no channels": emea.Channels = []; break;
            case "channel twice": emea.Channels.Add(new ChannelOptions { Name = "EMEA-alerts", Slack = "C1" }); break;
            case "member twice": emea.Members.Add(new MemberOptions { Id = "Alice" }); break;
            case "member without id": emea.Members.Add(new MemberOptions { Name = "Nobody" }); break;
            case "rotation member": emea.OnCall.Rotation = ["alice", "zoe"]; break;
            case "secondary": emea.Secondary = "zoe"; break;
            case "handover every": emea.OnCall.HandoverEvery = "Fortnight"; break;
            case "handover day": emea.OnCall.HandoverDay = "Funday"; break;
            case "handover time": emea.OnCall.HandoverTime = "9am"; break;
            case "rotation start": emea.OnCall.Start = "05.01.2026"; break;
            case "override member": emea.OnCall.Overrides = [new OverrideOptions { Start = "2026-01-14T18:00", End = "2026-01-15T09:00", Member = "dave" }]; break;
            case "override end": emea.OnCall.Overrides = [new OverrideOptions { Start = "2026-01-14T18:00", End = "2026-01-14T18:00", Member = "bob" }]; break;
            case "override start": emea.OnCall.Overrides = [new OverrideOptions { Start = "2026-01-14 18:00", End = "2026-01-15T09:00", Member = "bob" }]; break;
            case "urgency severity": emea.Urgency = [new UrgencyRuleOptions { Severity = "fatal", InHours = "page", OutOfHours = "page" }]; break;
            case "urgency value": emea.Urgency = [new UrgencyRuleOptions { Severity = "error", InHours = "page", OutOfHours = "loud" }]; break;
            case "urgency number": emea.Urgency = [new UrgencyRuleOptions { Severity = "error", InHours = "2", OutOfHours = "page" }]; break;
            case "urgency channel": emea.Urgency = [new UrgencyRuleOptions { Severity = "error", InHours = "page", OutOfHours = "page", Channel = "pager" }]; break;
            case "ack timeout": emea.Escalation.AckTimeout = TimeSpan.Zero; break;
            case "levels too many": emea.Escalation.Levels = 11; break;
            case "levels negative": emea.Escalation.Levels = -1; break;
            default: throw new ArgumentOutOfRangeException(nameof(mistake), mistake, "no such case");
        }
    }

    [Theory]
    [InlineData("rule team", "Routing:Rules:0:Team", "unknown team 'nope' " + Teams3)]
    [InlineData("rule teams", "Routing:Rules:0:Teams:1", "unknown team 'nope' " + Teams3)]
    [InlineData("rule without team", "Routing:Rules:0:Team", "a rule names a Team (or Teams for follow-the-sun)")]
    [InlineData("rule team and teams", "Routing:Rules:0:Team", "give Team or Teams, not both")]
    [InlineData("rule without matchers", "Routing:Rules:0:Match", "a rule needs at least one matcher such as alertname=~\"Disk.*\"")]
    [InlineData("rule bad matcher", "Routing:Rules:0:Match:1", "matcher 'alertname==DiskFull': unexpected '=' after operator '=' (quote the value if it starts with '=')")]
    [InlineData("rule channel", "Routing:Rules:0:Channel", "team 'emea' has no channel 'pager' (channels: emea-alerts, emea-oncall)")]
    [InlineData("follow-the-sun channel", "Routing:Rules:0:Channel", "team 'amer' has no channel 'emea-oncall' (channels: amer-alerts)")]
    [InlineData("default team", "Routing:DefaultTeam", "unknown team 'nope' " + Teams3)]
    [InlineData("no default team", "Routing:DefaultTeam", "required: the team that gets alerts no rule claims")]
    [InlineData("host team", "Routing:Hosts:0:Team", "unknown team 'nope' " + Teams3)]
    [InlineData("host without owner", "Routing:Hosts:0", "a host entry names a Team or a Service")]
    [InlineData("host without pattern", "Routing:Hosts:0:Pattern", "required: a host name or a pattern such as db-*")]
    [InlineData("service team", "Routing:Services:2:Team", "unknown team 'nope' " + Teams3)]
    [InlineData("service without name", "Routing:Services:0:Name", "required")]
    [InlineData("no host labels", "Routing:HostLabels", "name at least one label that carries the host")]
    [InlineData("time zone", "Teams:emea:TimeZone", "unknown time zone 'Europe/Berln' (use an IANA name such as Europe/Berlin)")]
    [InlineData("business hours", "Teams:emea:BusinessHours", "\"Mon-Fri 9-17\": bad time '9' (use HH:mm from 00:00 to 23:59, or 24:00 as an end)")]
    [InlineData("business hours day", "Teams:emea:BusinessHours", "\"Mon-Fry 09:00-17:00\": unknown day 'Fry' (use Mon..Sun)")]
    [InlineData("holiday", "Teams:emea:Holidays:1", "'2026-13-01' is not a date like 2026-12-25")]
    [InlineData("no channels", "Teams:emea:Channels", "name at least one channel (Name plus a Slack and/or Discord channel id)")]
    [InlineData("channel twice", "Teams:emea:Channels:2:Name", "channel 'EMEA-alerts' is listed twice")]
    [InlineData("member twice", "Teams:emea:Members:4:Id", "member 'Alice' is listed twice")]
    [InlineData("member without id", "Teams:emea:Members:4:Id", "required")]
    [InlineData("rotation member", "Teams:emea:OnCall:Rotation:1", "unknown member 'zoe' " + EmeaMembers)]
    [InlineData("secondary", "Teams:emea:Secondary", "unknown member 'zoe' " + EmeaMembers)]
    [InlineData("handover every", "Teams:emea:OnCall:HandoverEvery", "'Fortnight' is not Day or Week")]
    [InlineData("handover day", "Teams:emea:OnCall:HandoverDay", "'Funday' is not a day of the week (Monday..Sunday)")]
    [InlineData("handover time", "Teams:emea:OnCall:HandoverTime", "'9am' is not a time like 09:00")]
    [InlineData("rotation start", "Teams:emea:OnCall:Start", "'05.01.2026' is not a date like 2026-12-25")]
    [InlineData("override member", "Teams:emea:OnCall:Overrides:0:Member", "'dave' is not in the rotation (rotation: alice, bob, carol)")]
    [InlineData("override end", "Teams:emea:OnCall:Overrides:0:End", "must be after Start")]
    [InlineData("override start", "Teams:emea:OnCall:Overrides:0:Start", "'2026-01-14 18:00' is not a local date and time like 2026-12-24T18:00")]
    [InlineData("urgency severity", "Teams:emea:Urgency:0:Severity", "'fatal' is not one of critical, error, warning, info")]
    [InlineData("urgency value", "Teams:emea:Urgency:0:OutOfHours", "'loud' is not page, notify or digest")]
    [InlineData("urgency number", "Teams:emea:Urgency:0:InHours", "'2' is not page, notify or digest")]
    [InlineData("urgency channel", "Teams:emea:Urgency:0:Channel", "unknown channel 'pager' (channels: emea-alerts, emea-oncall)")]
    [InlineData("ack timeout", "Teams:emea:Escalation:AckTimeout", "must be positive, e.g. 00:10:00")]
    [InlineData("levels too many", "Teams:emea:Escalation:Levels", "must be between 0 and 10")]
    [InlineData("levels negative", "Teams:emea:Escalation:Levels", "must be between 0 and 10")]
    public void Build_ReportsTheMistakeAtItsKey(string mistake, string expectedKey, string expectedMessage)
    {
        var routing = RoutingSection();
        var teams = Teams();
        Break(mistake, routing, teams);
        var builder = new RoutingModelBuilder();

        var model = builder.Build(routing, teams);

        Assert.Null(model);
        Assert.Equal(new ConfigIssue(expectedKey, expectedMessage), Assert.Single(builder.Issues));
    }

    [Fact]
    public void Build_BadRegexNamesTheMatcher()
    {
        var routing = RoutingSection();
        var teams = Teams();
        Break("rule bad regex", routing, teams);
        var builder = new RoutingModelBuilder();

        Assert.Null(builder.Build(routing, teams));

        var issue = Assert.Single(builder.Issues);
        Assert.Equal("Routing:Rules:0:Match:0", issue.Key);
        Assert.StartsWith("matcher 'alertname=~\"(Disk\"': invalid regular expression: ", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoTeamsAtAll()
    {
        var builder = new RoutingModelBuilder();

        var model = builder.Build(new RoutingOptions { DefaultTeam = "ops" }, new Dictionary<string, TeamOptions>());

        Assert.Null(model);
        Assert.Equal(
            [
                new ConfigIssue("Teams", "no teams are configured; describe at least one (see README, Teams)"),
                new ConfigIssue("Routing:DefaultTeam", "unknown team 'ops' (teams: none)"),
            ],
            builder.Issues);
    }

    [Fact]
    public void Build_ReportsEveryProblemAtOnce()
    {
        var routing = RoutingSection();
        var teams = Teams();
        routing.DefaultTeam = "nope";
        routing.Rules.Add(Rule("emea", "alertname==x"));
        teams["emea"].Holidays = ["someday"];
        teams["amer"].TimeZone = "America/New_Yrok";
        teams["amer"].Escalation.Levels = 12;
        var builder = new RoutingModelBuilder();

        Assert.Null(builder.Build(routing, teams));

        Assert.Equal(
            [
                "Teams:emea:Holidays:0",
                "Teams:amer:TimeZone",
                "Teams:amer:Escalation:Levels",
                "Routing:DefaultTeam",
                "Routing:Rules:0:Match:0",
            ],
            builder.Issues.Select(i => i.Key));
    }

    [Fact]
    public void Build_ChecksTheRotationEvenWhenTheTimeZoneIsWrong()
    {
        var teams = Teams();
        teams["emea"].TimeZone = "Mars/Olympus";
        teams["emea"].OnCall.Rotation = ["alice", "zoe"];
        var builder = new RoutingModelBuilder();

        Assert.Null(builder.Build(RoutingSection(), teams));

        Assert.Equal(
            [
                new ConfigIssue("Teams:emea:TimeZone", "unknown time zone 'Mars/Olympus' (use an IANA name such as Europe/Berlin)"),
                new ConfigIssue("Teams:emea:OnCall:Rotation:1", "unknown member 'zoe' " + EmeaMembers),
            ],
            builder.Issues);
    }

    [Fact]
    public void Build_ValidWorld()
    {
        var routing = RoutingSection();
        routing.Rules.Add(new OwnershipRuleOptions { Teams = ["EMEA", "Amer"], Match = ["alertname=Replication"], Continue = true });
        routing.DefaultTeam = "OPS";

        var model = Build(routing, Teams());

        Assert.Equal(["emea", "amer", "ops"], model.Teams.Keys);
        Assert.Equal("ops", model.DefaultTeam);
        var rule = Assert.Single(model.Rules);
        Assert.Equal((1, "emea,amer", (string?)null, true), (rule.Number, rule.Name, rule.Channel, rule.Continue));
        Assert.Equal(["emea", "amer"], rule.Teams);
        Assert.Equal([LabelMatcher.Parse("alertname=Replication")], rule.Match);
        Assert.Equal(["db-*", "db-7", "web-?"], model.Inventory.Entries.Select(e => e.Pattern));
        Assert.Equal(["checkout", "search"], model.ServiceTeams.Keys);
        Assert.Equal(["host", "hostname", "instance", "node", "nodename"], model.HostLabels);
        Assert.Equal("service", model.ServiceLabel);
    }

    [Fact]
    public void Build_TeamKeepsItsSettings()
    {
        var teams = Teams();
        teams["emea"].Urgency = [new UrgencyRuleOptions { Severity = "WARNING", InHours = "Page", OutOfHours = "digest", Channel = "emea-oncall" }];

        var emea = Build(RoutingSection(), teams).Teams["EMEA"];

        Assert.Equal("emea", emea.Name);
        Assert.Equal("Europe/Berlin", emea.Calendar.Zone.Id);
        Assert.Equal(["emea-alerts", "emea-oncall"], emea.Channels.Select(c => c.Name));
        Assert.NotNull(emea.Rotation);
        Assert.Null(emea.Secondary);
        Assert.Equal(TimeSpan.FromMinutes(15), emea.AckTimeout);
        Assert.Equal(2, emea.EscalationLevels);
        Assert.Equal(new UrgencyRule(Severity.Warning, Urgency.Page, Urgency.Digest, "emea-oncall", IsDefault: false), emea.Urgency[Severity.Warning]);
        Assert.Equal(new UrgencyRule(Severity.Error, Urgency.Page, Urgency.Notify, null, IsDefault: true), emea.Urgency[Severity.Error]);
    }

    [Fact]
    public void Build_TeamWithoutRotationHasNone()
    {
        var ops = Build(RoutingSection(), Teams()).Teams["ops"];

        Assert.Null(ops.Rotation);
        Assert.Empty(ops.Members);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    public void Build_EscalationLevelsAtTheLimitsAreAccepted(int levels)
    {
        var teams = Teams();
        teams["emea"].Escalation.Levels = levels;

        Assert.Equal(levels, Build(RoutingSection(), teams).Teams["emea"].EscalationLevels);
    }
}
