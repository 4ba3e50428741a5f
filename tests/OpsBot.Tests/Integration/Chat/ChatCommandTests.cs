using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpsBot.Tests.Integration.Routing;
using OpsBot.Tests.Support;
using static OpsBot.Tests.Integration.Chat.ChatHost;

namespace OpsBot.Tests.Integration.Chat;

/// <summary>/ops commands and buttons from Slack and Discord against the real host: answers, authorisation, audit.</summary>
public sealed class ChatCommandTests
{
    private static readonly DateTimeOffset Start = TwoTeams.MondayMorningBerlin;

    private static async Task<string> SlackTextAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString()!;
    }

    [Fact]
    public async Task Responders_ActOnTheirOwnTeamsAlerts_AdminsOnAll_AndEveryDecisionIsAudited()
    {
        var (fake, clock, host, client, id) = await PagedAsync();
        await using var _ = fake;
        await using var __ = host;

        Assert.Contains("team dba", await SlackTextAsync(await SlashAsync(client, clock, DaveSlack, $"ack {id}", fake)));
        Assert.Contains("needs the responder role; you are a viewer", await SlackTextAsync(await SlashAsync(client, clock, VeraSlack, $"ack {id}", fake)));
        Assert.Contains("does not know your slack user", await SlackTextAsync(await SlashAsync(client, clock, "U0STRANGER", $"ack {id}", fake)));
        Assert.Equal("firing", (await TwoTeams.AlertAsync(client, "PostgresDown")).GetProperty("status").GetString(), ignoreCase: true);

        Assert.Contains($"Acknowledged #{id}", await SlackTextAsync(await SlashAsync(client, clock, ErinSlack, $"ack {id}", fake)));
        await Eventually.Async(async () => (await TwoTeams.AlertAsync(client, "PostgresDown")).GetProperty("status").GetString()!.StartsWith("acknowledged", StringComparison.OrdinalIgnoreCase),
            "acknowledged by the admin");

        var audit = (await OpsBotFactory.GetJsonAsync(client, "/api/audit")).EnumerateArray().ToList();
        Assert.Equal(3, audit.Count(a => a.GetProperty("result").GetString() == "denied"));
        var ok = audit.Single(a => a.GetProperty("result").GetString() == "ok");
        Assert.Equal("erin", ok.GetProperty("person").GetString());
        Assert.Equal("ack", ok.GetProperty("action").GetString());
        Assert.Equal($"alert {id}", ok.GetProperty("target").GetString());
        Assert.Equal("slack", ok.GetProperty("platform").GetString());
        Assert.Single((await OpsBotFactory.GetJsonAsync(client, "/api/audit?result=ok")).EnumerateArray());
    }

    [Fact]
    public async Task UnknownVerbsAndBadArguments_GetUsage_NeverAnError()
    {
        var (fake, clock, host, client, id) = await PagedAsync();
        await using var _ = fake;
        await using var __ = host;

        Assert.Contains("Unknown command 'reboot'", await SlackTextAsync(await SlashAsync(client, clock, AnnaSlack, "reboot everything", fake)));
        Assert.Contains("Usage: /ops ack &lt;alert id&gt;", await SlackTextAsync(await SlashAsync(client, clock, AnnaSlack, "ack twelve", fake)));
        Assert.Contains("There is no alert #999", await SlackTextAsync(await SlashAsync(client, clock, AnnaSlack, "ack 999", fake)));
        Assert.Contains("Usage: /ops silence", await SlackTextAsync(await SlashAsync(client, clock, AnnaSlack, "silence alertname=~\"(\" 1h x", fake)));
        Assert.Contains("/ops oncall", await SlackTextAsync(await SlashAsync(client, clock, "U0STRANGER", "", fake)));
        var audit = (await OpsBotFactory.GetJsonAsync(client, "/api/audit?result=invalid")).EnumerateArray().ToList();
        Assert.Equal(4, audit.Count);
    }

    [Fact]
    public async Task LookingCommands_AnswerFromWhatOpsBotKnows()
    {
        var (fake, clock, host, client, id) = await PagedAsync();
        await using var _ = fake;
        await using var __ = host;

        Assert.Contains($"#{id} [critical] PostgresDown", await SlackTextAsync(await SlashAsync(client, clock, VeraSlack, "alerts", fake)));
        Assert.Contains("No open alerts for team web", await SlackTextAsync(await SlashAsync(client, clock, VeraSlack, "alerts web", fake)));
        var oncall = await SlackTextAsync(await SlashAsync(client, clock, VeraSlack, "oncall dba", fake));
        Assert.Contains("dba: Anna until", oncall);
        Assert.Contains("secondary Carla", oncall);
        var why = await SlackTextAsync(await SlashAsync(client, clock, VeraSlack, $"why {id}", fake));
        Assert.Contains("opened: dba, page", why);
        Assert.Contains("databases by alert name", why);
        // Slack answers are escaped mrkdwn, so the arrow arrives as -&gt;.
        Assert.Contains("-&gt; web #web-alerts", await SlackTextAsync(await SlashAsync(client, clock, VeraSlack, "route-test alertname=X instance=web-3", fake)));
        var host1 = await SlackTextAsync(await SlashAsync(client, clock, VeraSlack, "host db-1", fake));
        Assert.Contains("owned by dba", host1);
        Assert.Contains("PostgresDown", host1);
        Assert.Contains("not in the host inventory", await SlackTextAsync(await SlashAsync(client, clock, VeraSlack, "host mail-9", fake)));
        Assert.Contains("is not a host name", await SlackTextAsync(await SlashAsync(client, clock, VeraSlack, "host db-1;rm", fake)));
    }

    [Fact]
    public async Task SilenceMaintenanceAndUnsilence_FromChat()
    {
        var (fake, clock, host, client, id) = await PagedAsync();
        await using var _ = fake;
        await using var __ = host;

        Assert.Contains("team dba", await SlackTextAsync(await SlashAsync(client, clock, DaveSlack, "maintenance db-1 1h kernel update", fake)));
        var created = await SlackTextAsync(await SlashAsync(client, clock, AnnaSlack, "maintenance db-1 1h kernel update", fake));
        Assert.Contains("Maintenance window", created);
        Assert.Contains("by anna", created);
        Assert.Contains("Silence", await SlackTextAsync(await SlashAsync(client, clock, AnnaSlack, "silence alertname=PostgresDown,instance=~\"db-.*\" 2h failover drill", fake)));
        // Dave (web) may not hide dba's open alert.
        Assert.Contains("That belongs to team dba", await SlackTextAsync(await SlashAsync(client, clock, DaveSlack, "silence alertname=PostgresDown 2h nope", fake)));
        var list = await SlackTextAsync(await SlashAsync(client, clock, VeraSlack, "silences", fake));
        Assert.Contains("maintenance", list);
        Assert.Contains("failover drill", list);
        var silences = await OpsBotFactory.GetJsonAsync(client, "/api/silences");
        Assert.Equal(2, silences.GetArrayLength());
        var first = silences.EnumerateArray().Min(s => s.GetProperty("id").GetInt64());
        Assert.Contains($"Silence {first} ended", await SlackTextAsync(await SlashAsync(client, clock, AnnaSlack, $"unsilence {first}", fake)));
        Assert.Single((await OpsBotFactory.GetJsonAsync(client, "/api/silences")).EnumerateArray());
    }

    [Fact]
    public async Task SlackButtons_CarryOpaqueIds_AndActLikeTheirCommands()
    {
        var (fake, clock, host, client, id) = await PagedAsync();
        await using var _ = fake;
        await using var __ = host;
        var buttons = SlackButtons(fake.SlackMessages.Single());
        // Opaque: 24 random hex digits after a letter, the same length whatever the alert.
        Assert.All(buttons.Values, v => Assert.Matches("^a[0-9a-f]{24}$", v));
        Assert.Equal(4, buttons.Values.Distinct().Count());

        Assert.Equal(HttpStatusCode.OK, (await PressSlackAsync(client, clock, DaveSlack, buttons["Acknowledge"], fake)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PressSlackAsync(client, clock, AnnaSlack, buttons["Acknowledge"], fake)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PressSlackAsync(client, clock, AnnaSlack, "a-made-up-id", fake)).StatusCode);
        await fake.WaitUntilAsync(f => f.ResponseUrlPosts.Count == 3, TimeSpan.FromSeconds(20));
        var replies = fake.ResponseUrlPosts.Select(p => (string)p.Body!["text"]!).ToList();
        Assert.Contains(replies, r => r.StartsWith("Not allowed") && r.Contains("team dba"));
        Assert.Contains(replies, r => r.Contains($"Acknowledged #{id}"));
        Assert.Contains(replies, r => r.Contains("not known to OpsBot"));
        Assert.All(fake.ResponseUrlPosts, p => Assert.Equal("ephemeral", (string)p.Body!["response_type"]!));

        await fake.WaitUntilAsync(f => f.SlackMessages.Any(m => m.ThreadTs is not null), TimeSpan.FromSeconds(20));
        var audit = (await OpsBotFactory.GetJsonAsync(client, "/api/audit")).EnumerateArray().ToList();
        Assert.Contains(audit, a => a.GetProperty("action").GetString() == "button:ack" && a.GetProperty("result").GetString() == "ok");
        Assert.Contains(audit, a => a.GetProperty("action").GetString() == "button:ack" && a.GetProperty("result").GetString() == "denied");
    }

    [Fact]
    public async Task SilenceHourButton_SilencesExactlyThatAlert()
    {
        var (fake, clock, host, client, id) = await PagedAsync();
        await using var _ = fake;
        await using var __ = host;
        await PressSlackAsync(client, clock, AnnaSlack, SlackButtons(fake.SlackMessages.Single())["Silence 1h"], fake);
        await fake.WaitUntilAsync(f => f.ResponseUrlPosts.Count == 1, TimeSpan.FromSeconds(20));
        var silence = (await OpsBotFactory.GetJsonAsync(client, "/api/silences")).EnumerateArray().Single();
        Assert.Contains("alertname=\"PostgresDown\"", silence.GetProperty("matchers").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(TimeSpan.FromHours(1), silence.GetProperty("endsAt").GetDateTimeOffset() - silence.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal("anna", silence.GetProperty("createdBy").GetString());
    }
}
