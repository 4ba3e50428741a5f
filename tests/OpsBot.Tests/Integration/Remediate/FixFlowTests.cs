using System.Net.Http.Json;
using System.Text.Json;
using OpsBot.Tests.Integration.Routing;
using static OpsBot.Tests.Integration.Chat.ChatHost;

namespace OpsBot.Tests.Integration.Remediate;

/// <summary>The disk-full handler end to end over a real sshd: diagnostics in the thread, dry run, approval, execution, verification.</summary>
public sealed class FixFlowTests
{
    private static async Task<JsonElement> FixesAsync(HttpClient client)
    {
        var id = (await TwoTeams.AlertAsync(client, "DiskFull")).GetProperty("id").GetInt64();
        return (await OpsBotFactory.GetJsonAsync(client, $"/api/alerts/{id}")).GetProperty("fixes");
    }

    [Fact]
    public async Task ByDefault_ItOnlySaysWhatItWouldRun()
    {
        await using var host = await FixHost.StartAsync();
        await host.SendDiskFullAsync();

        await host.WaitForThreadAsync("Dry run of fix disk-full");
        await host.WaitForThreadAsync("Diagnostics (disk-full)");
        Assert.Contains(host.Thread, t => t.Contains("would run `ssh 127.0.0.1 find") && t.Contains(host.LogDir));
        Assert.Contains(host.Thread, t => t.Contains("usage") && t.Contains("Filesystem"));   // df ran on the host over ssh
        Assert.DoesNotContain("Approve fix", SlackButtons(host.Card).Keys);
        var fix = (await FixesAsync(host.Client)).EnumerateArray().Single();
        Assert.Equal("dryrun", fix.GetProperty("state").GetString());
        Assert.True(File.Exists(host.OldLog), "a dry run must not touch anything");
        Assert.Contains("du -xh", AllText(host.Card));            // runbook steps come from the handler
    }

    [Fact]
    public async Task Approve_WaitsForAnAuthorisedClick_RunsTheFix_AndVerifiesIt()
    {
        await using var host = await FixHost.StartAsync(new() { ["Teams:dba:Fixes:disk-full"] = "approve" });
        await host.SendDiskFullAsync();
        await host.WaitForThreadAsync("Fix proposed");
        await host.Fake.WaitUntilAsync(f => SlackButtons(f.SlackMessages.Single(m => m.ThreadTs is null)).ContainsKey("Approve fix"), TimeSpan.FromSeconds(20));
        var approve = SlackButtons(host.Card)["Approve fix"];

        await PressSlackAsync(host.Client, host.Clock, DaveSlack, approve, host.Fake);
        await PressSlackAsync(host.Client, host.Clock, VeraSlack, approve, host.Fake);
        await host.Fake.WaitUntilAsync(f => f.ResponseUrlPosts.Count == 2, TimeSpan.FromSeconds(20));
        Assert.All(host.Fake.ResponseUrlPosts, p => Assert.StartsWith("Not allowed", (string)p.Body!["text"]!));
        Assert.True(File.Exists(host.OldLog), "nothing runs before an authorised approval");

        await PressSlackAsync(host.Client, host.Clock, AnnaSlack, approve, host.Fake);
        await host.WaitForThreadAsync("Fix approved by anna");
        await host.WaitForThreadAsync("succeeded");
        Assert.False(File.Exists(host.OldLog));
        Assert.True(File.Exists(host.OldLog + ".gz"));
        Assert.True(File.Exists(host.NewLog), "a log younger than a day is left alone");

        await host.SendDiskFullAsync(endsAt: TwoTeams.MondayMorningBerlin.AddMinutes(1));
        await host.WaitForThreadAsync("Resolved after");
        host.Clock.Advance(TimeSpan.FromMinutes(11)); // the handler's verify_after is 10m
        await host.WaitForThreadAsync("verified");
        var states = (await FixesAsync(host.Client)).EnumerateArray().Select(f => f.GetProperty("state").GetString()).ToList();
        Assert.Equal(["verified"], states);
        var audit = (await OpsBotFactory.GetJsonAsync(host.Client, "/api/audit")).EnumerateArray().ToList();
        Assert.Contains(audit, a => a.GetProperty("action").GetString() == "fix:disk-full" && a.GetProperty("result").GetString() == "verified");
        Assert.Contains(audit, a => a.GetProperty("action").GetString() == "button:approve-fix" && a.GetProperty("result").GetString() == "denied");
    }

    [Fact]
    public async Task AFixThatDoesNotResolveTheAlert_CallsThePersonOnCall()
    {
        await using var host = await FixHost.StartAsync(new() { ["Teams:dba:Fixes:disk-full"] = "auto" });
        await host.SendDiskFullAsync();
        await host.WaitForThreadAsync("succeeded");
        host.Clock.Advance(TimeSpan.FromMinutes(11));
        await host.WaitForThreadAsync("did not resolve the alert");
        var message = host.Fake.SlackMessages.Single(m => m.ThreadTs is not null && (m.Text ?? "").Contains("did not resolve the alert"));
        Assert.Contains($"<@{AnnaSlack}>", message.Text);
        Assert.Equal("unresolved", (await FixesAsync(host.Client)).EnumerateArray().Single().GetProperty("state").GetString());
    }

    [Fact]
    public async Task InjectionInALabel_IsRefused_AndNothingRuns()
    {
        await using var host = await FixHost.StartAsync(new() { ["Teams:dba:Fixes:disk-full"] = "auto" });
        var marker = Path.Combine(host.LogDir, "pwned");
        await host.SendDiskFullAsync(logDir: $"/tmp;touch {marker}");
        await host.WaitForThreadAsync("Fix disk-full not run: arguments: ");
        Assert.Contains(host.Thread, t => t.Contains("log_dir"));
        Assert.False(File.Exists(marker));
        Assert.Equal("refused", (await FixesAsync(host.Client)).EnumerateArray().Single().GetProperty("state").GetString());
    }

    [Fact]
    public async Task APathOutsideTheAllowedOnes_IsRefused()
    {
        await using var host = await FixHost.StartAsync(new() { ["Teams:dba:Fixes:disk-full"] = "auto" });
        await host.SendDiskFullAsync(logDir: "/etc");
        await host.WaitForThreadAsync("Fix disk-full not run: arguments: ");
        Assert.Equal("refused", (await FixesAsync(host.Client)).EnumerateArray().Single().GetProperty("state").GetString());
    }

    [Fact]
    public async Task ThePreconditionOnTheDiagnostic_BlocksWhenTheDiskIsNotFull()
    {
        await using var host = await FixHost.StartAsync(new() { ["Teams:dba:Fixes:disk-full"] = "auto" }, relaxPrecondition: false);
        await host.SendDiskFullAsync();
        await host.WaitForThreadAsync("precondition: diagnostic usage does not show");
        Assert.True(File.Exists(host.OldLog));
    }

    [Fact]
    public async Task AMaintenanceWindowStartedBeforeTheClick_RefusesTheApproval()
    {
        await using var host = await FixHost.StartAsync(new() { ["Teams:dba:Fixes:disk-full"] = "approve" });
        await host.SendDiskFullAsync();
        await host.WaitForThreadAsync("Fix proposed");
        var maintenance = await SlashAsync(host.Client, host.Clock, AnnaSlack, $"maintenance {FixHost.Host} 1h disk work", host.Fake);
        Assert.Contains("Maintenance window", (await maintenance.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString());
        var id = (await TwoTeams.AlertAsync(host.Client, "DiskFull")).GetProperty("id").GetInt64();

        var reply = await (await SlashAsync(host.Client, host.Clock, AnnaSlack, $"fix {id}", host.Fake)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Not run: maintenance", reply.GetProperty("text").GetString());
        Assert.True(File.Exists(host.OldLog));
    }

    [Fact]
    public async Task AnApprovalAfterTheAlertResolved_RunsNothing()
    {
        await using var host = await FixHost.StartAsync(new() { ["Teams:dba:Fixes:disk-full"] = "approve" });
        await host.SendDiskFullAsync();
        await host.WaitForThreadAsync("Fix proposed");
        await host.SendDiskFullAsync(endsAt: TwoTeams.MondayMorningBerlin.AddMinutes(1));
        await host.WaitForThreadAsync("Resolved after");
        var id = (await TwoTeams.AlertAsync(host.Client, "DiskFull")).GetProperty("id").GetInt64();

        await SlashAsync(host.Client, host.Clock, AnnaSlack, $"fix {id}", host.Fake);
        await host.WaitForThreadAsync("the alert resolved before the fix ran");
        Assert.True(File.Exists(host.OldLog));
    }
}
