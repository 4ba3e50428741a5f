using OpsBot.Commands;

namespace OpsBot.Tests.Commands;

public sealed class AuthorizationTests
{
    private const string OwnTeam = "web";
    private const string OtherTeam = "dba";

    /// <summary>
    /// Who may run which verb, written out by hand rather than derived from the catalog, so a verb whose role or team
    /// scope changes by mistake fails here. Each row: unknown | viewer | responder | admin, and within each the answer
    /// for the person's own team, another team and no team, Y allowed and - denied.
    /// </summary>
    private static readonly Dictionary<string, string> Expected = new()
    {
        //                  unknown viewer responder admin
        //                  own/other/none in each
        ["help"] =          "YYY    YYY    YYY       YYY",
        ["alerts"] =        "---    YYY    YYY       YYY",
        ["ack"] =           "---    ---    Y-Y       YYY",
        ["resolve"] =       "---    ---    Y-Y       YYY",
        ["silence"] =       "---    ---    Y-Y       YYY",
        ["maintenance"] =   "---    ---    Y-Y       YYY",
        ["silences"] =      "---    YYY    YYY       YYY",
        ["unsilence"] =     "---    ---    Y-Y       YYY",
        ["oncall"] =        "---    YYY    YYY       YYY",
        ["why"] =           "---    YYY    YYY       YYY",
        ["route-test"] =    "---    YYY    YYY       YYY",
        ["runbook"] =       "---    YYY    YYY       YYY",
        ["host"] =          "---    YYY    YYY       YYY",
        ["fix"] =           "---    ---    Y-Y       YYY",
        ["report"] =        "---    YYY    YYY       YYY",
    };

    /// <summary>The verbs a viewer may run, as the README promises.</summary>
    private static readonly string[] ViewerVerbs = ["help", "alerts", "silences", "oncall", "why", "route-test", "runbook", "host", "report"];

    private static readonly string[] Whos = ["unknown", "viewer", "responder", "admin"];
    private static readonly string[] Targets = ["own", "other", "none"];

    private static Person? Who(string who) => who switch
    {
        "unknown" => null,
        "viewer" => Person("vic", Role.Viewer, "app", OwnTeam),
        "responder" => Person("rita", Role.Responder, "app", OwnTeam),
        "admin" => Person("ada", Role.Admin, "app", OwnTeam),
        _ => throw new ArgumentOutOfRangeException(nameof(who), who, "no such person"),
    };

    private static string? Team(string target) => target switch
    {
        "own" => OwnTeam,
        "other" => OtherTeam,
        "none" => null,
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "no such target"),
    };

    private static Person Person(string id, Role role, params string[] teams) =>
        new(id, id.ToUpperInvariant(), role, new HashSet<string>(teams, StringComparer.OrdinalIgnoreCase));

    private static CommandVerb Verb(string name) => CommandCatalog.Find(name) ?? throw new ArgumentException($"no verb '{name}'", nameof(name));

    public static TheoryData<string, string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, string, bool>();
        foreach (var (verb, row) in Expected)
        {
            var cells = row.Replace(" ", "", StringComparison.Ordinal);
            if (cells.Length != Whos.Length * Targets.Length) throw new InvalidOperationException($"row '{verb}' has {cells.Length} cells");
            for (var w = 0; w < Whos.Length; w++)
            for (var t = 0; t < Targets.Length; t++)
                data.Add(verb, Whos[w], Targets[t], cells[w * Targets.Length + t] == 'Y');
        }
        return data;
    }

    [Fact]
    public void Table_CoversEveryVerbOfTheCatalog()
    {
        Assert.Equal(Expected.Keys.Order(), CommandCatalog.Verbs.Select(v => v.Name).Order());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Denial_FollowsTheTable(string verb, string who, string target, bool allowed)
    {
        foreach (var platform in new[] { "slack", "discord" })
        {
            var denial = Authorization.Denial(Who(who), platform, Verb(verb), Team(target));

            if (allowed) Assert.Null(denial);
            else Assert.False(string.IsNullOrWhiteSpace(denial), $"{who} running {verb} on {target} team should be refused with a reason");
        }
    }

    [Fact]
    public void Viewer_MayRunExactlyTheLookingVerbs()
    {
        var viewer = Who("viewer");

        var allowed = CommandCatalog.Verbs.Where(v => Authorization.Denial(viewer, "slack", v, OtherTeam) is null).Select(v => v.Name);

        Assert.Equal(ViewerVerbs.Order(), allowed.Order());
    }

    [Fact]
    public void UnknownPerson_MayOnlyAskForHelp()
    {
        var allowed = CommandCatalog.Verbs.Where(v => Authorization.Denial(null, "discord", v, null) is null).Select(v => v.Name);

        Assert.Equal(["help"], allowed);
    }

    [Theory]
    [InlineData("ack")]
    [InlineData("resolve")]
    [InlineData("silence")]
    [InlineData("maintenance")]
    [InlineData("unsilence")]
    [InlineData("fix")]
    public void Viewer_IsToldTheRoleTheVerbNeeds(string verb)
    {
        var denial = Authorization.Denial(Who("viewer"), "slack", Verb(verb), OwnTeam);

        Assert.Equal($"/ops {verb} needs the responder role; you are a viewer.", denial);
    }

    [Fact]
    public void Responder_IsToldWhichTeamOwnsItAndWhichTheyMayActFor()
    {
        var denial = Authorization.Denial(Who("responder"), "slack", Verb("ack"), OtherTeam);

        Assert.NotNull(denial);
        Assert.Contains("belongs to team dba", denial, StringComparison.Ordinal);
        Assert.Equal("That belongs to team dba; you can act for app, web only.", denial);
    }

    [Fact]
    public void Responder_TeamIsMatchedIgnoringCase()
    {
        Assert.Null(Authorization.Denial(Who("responder"), "slack", Verb("resolve"), "WEB"));
    }

    [Theory]
    [InlineData("slack", "ack")]
    [InlineData("discord", "alerts")]
    [InlineData("discord", "fix")]
    public void UnknownPerson_IsToldToHaveTheirPlatformUserIdAdded(string platform, string verb)
    {
        var denial = Authorization.Denial(null, platform, Verb(verb), OwnTeam);

        Assert.NotNull(denial);
        Assert.Contains($"/ops {verb}", denial, StringComparison.Ordinal);
        Assert.Contains($"add your {platform} user id", denial, StringComparison.Ordinal);
        Assert.Equal(
            $"OpsBot does not know your {platform} user, so you cannot use /ops {verb}. Ask an admin to add your {platform} user id to your team's members.",
            denial);
    }
}
