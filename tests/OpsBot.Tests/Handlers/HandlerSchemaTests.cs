using OpsBot.Handlers;

namespace OpsBot.Tests.Handlers;

/// <summary>Each kind of mistake in a handler file is refused with its file and key, and the file is left out.</summary>
public sealed class HandlerSchemaTests
{
    private const string File = "handlers/disk-full.yaml";
    private const string Head = "title: Disk full on {{ host }}\nmatch:\n  alertnames: [DiskFull]\nrunbook: [Look at it]\n";
    private const string Diagnostic = "diagnostics:\n  - {name: usage, ssh: [df, -h]}\n";

    private static IReadOnlyList<string> Issues(string yaml)
    {
        var (handler, issues) = HandlerLoader.Parse(File, yaml);
        Assert.Null(handler);
        Assert.NotEmpty(issues);
        return issues.Select(i => i.ToString()).ToList();
    }

    private static void AssertIssue(string yaml, string key, string message)
    {
        var issues = Issues(yaml);
        Assert.Contains(issues, i => i.StartsWith($"{File}: {key}: ", StringComparison.Ordinal) && i.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void AValidFileLoadsWithDefaults()
    {
        var (handler, issues) = HandlerLoader.Parse(File, Head + Diagnostic + "fix:\n  executor: systemd-restart\n  description: Restart it\n  unit: '{{ labels.unit }}'\n");

        Assert.Empty(issues);
        Assert.Equal("disk-full", handler!.Name);
        Assert.Equal(["DiskFull"], handler.Match.AlertNames);
        Assert.Equal(TimeSpan.FromSeconds(10), handler.Diagnostics[0].Timeout);
        Assert.Equal(4000, handler.Diagnostics[0].MaxOutputBytes);
        Assert.Equal(FixPolicy.DryRun, handler.Fix!.Policy);
        Assert.Equal(TimeSpan.FromMinutes(5), handler.Fix.VerifyAfter);
        Assert.Equal(new FixGuards(), handler.Fix.Guards);
    }

    [Fact]
    public void UnknownExecutorNamesTheChoices() =>
        Assert.Contains($"{File}: fix.executor: 'ssh' is not one of ssh-command, systemd-restart, k8s-rollout-restart, http",
            Issues(Head + "fix: {executor: ssh, description: x, command: [true]}\n"));

    [Fact]
    public void UnknownKey() => AssertIssue(Head + "titel: typo\n", "titel", "unknown key; a handler has title, match, runbook");

    [Fact]
    public void UnknownKeyInsideADiagnostic() =>
        AssertIssue(Head + "diagnostics:\n  - {name: usage, ssh: [df], timeot: 5s}\n", "diagnostics[0].timeot", "unknown key");

    [Fact]
    public void WrongType() => AssertIssue(Head.Replace("runbook: [Look at it]", "runbook: Look at it", StringComparison.Ordinal), "runbook", "expected a list");

    [Fact]
    public void WrongTypeForAMapping() => AssertIssue(Head + "fix: [restart]\n", "fix", "expected a mapping");

    [Fact]
    public void UnknownPolicy() =>
        AssertIssue(Head + "fix: {executor: systemd-restart, description: x, unit: a.service, policy: always}\n", "fix.policy", "'always' is not one of off, dry-run, approve, auto");

    [Fact]
    public void UnknownProvider()
    {
        var issues = Issues(Head + "diagnostics:\n  - {name: rows, mysql: 'select 1'}\n");

        Assert.Contains($"{File}: diagnostics[0].mysql: unknown key; a diagnostic has name, prometheus, ssh, kubectl, timeout, max_output", issues);
        Assert.Contains($"{File}: diagnostics[0]: name one provider: prometheus, ssh or kubectl", issues);
    }

    [Fact]
    public void UnknownSource() => AssertIssue(Head.Replace("[DiskFull]", "[DiskFull]\n  sources: [nagios]", StringComparison.Ordinal), "match.sources[0]", "'nagios' is not one of alertmanager, pagerduty, events");

    [Fact]
    public void BadMatcher() => AssertIssue(Head.Replace("[DiskFull]", "[DiskFull]\n  matchers: ['mountpoint=~\"(\"']", StringComparison.Ordinal), "match.matchers[0]", "mountpoint");

    [Fact]
    public void MatchNeedsAlertNamesOrMatchers() =>
        AssertIssue(Head.Replace("alertnames: [DiskFull]", "sources: [alertmanager]", StringComparison.Ordinal), "match", "name at least alertnames or matchers");

    [Fact]
    public void DiagnosticWithoutProvider() => AssertIssue(Head + "diagnostics:\n  - {name: usage, timeout: 5s}\n", "diagnostics[0]", "name one provider");

    [Fact]
    public void DiagnosticWithTwoProviders() =>
        AssertIssue(Head + "diagnostics:\n  - {name: usage, ssh: [df], prometheus: 'up'}\n", "diagnostics[0]", "name one provider, not prometheus and ssh");

    [Fact]
    public void DuplicateDiagnosticNames() =>
        AssertIssue(Head + Diagnostic + "  - {name: usage, ssh: [df, -i]}\n", "diagnostics[1].name", "another diagnostic is already named 'usage'");

    [Fact]
    public void PreconditionNamingAnUnknownDiagnostic() =>
        AssertIssue(Head + Diagnostic + "fix:\n  executor: systemd-restart\n  description: x\n  unit: a.service\n  preconditions: [{diagnostic: disk, matches: '9[0-9]%'}]\n",
            "fix.preconditions[0].diagnostic", "'disk' is not a diagnostic of this handler (usage)");

    [Fact]
    public void PreconditionWithABadRegex() =>
        AssertIssue(Head + Diagnostic + "fix:\n  executor: systemd-restart\n  description: x\n  unit: a.service\n  preconditions: [{diagnostic: usage, matches: '(9'}]\n",
            "fix.preconditions[0].matches", "not a valid regular expression");

    [Fact]
    public void ExecutorFieldMissing() => AssertIssue(Head + "fix: {executor: systemd-restart, description: x}\n", "fix.unit", "required by the systemd-restart executor");

    [Fact]
    public void KubernetesExecutorNeedsNamespaceAndDeployment()
    {
        var issues = Issues(Head + "fix: {executor: k8s-rollout-restart, description: x, namespace: web}\n");

        Assert.Equal([$"{File}: fix.deployment: required by the k8s-rollout-restart executor"], issues);
    }

    [Fact]
    public void FieldOfAnotherExecutor() =>
        AssertIssue(Head + "fix: {executor: systemd-restart, description: x, unit: a.service, command: [rm]}\n", "fix.command", "belongs to the ssh-command executor, not systemd-restart");

    [Fact]
    public void UnknownTemplateVariable() => AssertIssue(Head.Replace("{{ host }}", "{{ label.instance }}", StringComparison.Ordinal), "title", "unknown template variable 'label.instance'");

    [Fact]
    public void UnterminatedTemplate() => AssertIssue(Head.Replace("[Look at it]", "['Look at {{ host']", StringComparison.Ordinal), "runbook[0]", "unterminated '{{'");

    [Fact]
    public void TemplateErrorsInArgumentsNameTheElement() =>
        AssertIssue(Head + "diagnostics:\n  - {name: usage, ssh: [df, '{{ labels.mountpoint']}\n", "diagnostics[0].ssh[1]", "unterminated");

    [Fact]
    public void ProgramMustBeWrittenOut() =>
        AssertIssue(Head + "diagnostics:\n  - {name: usage, ssh: ['{{ labels.cmd }}', -h]}\n", "diagnostics[0].ssh[0]", "the first element must be written out");

    [Fact]
    public void KubectlDiagnosticsAreReadOnly() =>
        AssertIssue(Head + "diagnostics:\n  - {name: clean, kubectl: [delete, pod, x]}\n", "diagnostics[0].kubectl[0]", "'delete' is not a read-only kubectl verb");

    [Fact]
    public void KubectlDiagnosticsDoNotReadSecrets() =>
        AssertIssue(Head + "diagnostics:\n  - {name: s, kubectl: [get, secrets, -o, yaml]}\n", "diagnostics[0].kubectl[1]", "must not read secrets");

    [Fact]
    public void PromQLVariablesMustBeQuoted() =>
        AssertIssue(Head + "diagnostics:\n  - {name: up, prometheus: 'up{instance={{ host }}}'}\n", "diagnostics[0].prometheus", "must stand inside a double-quoted string");

    [Fact]
    public void BadDuration() => AssertIssue(Head + "diagnostics:\n  - {name: usage, ssh: [df], timeout: 10 minutes}\n", "diagnostics[0].timeout", "'10 minutes' is not a duration such as 10s, 5m or 1h");

    [Fact]
    public void BadGuardNumber() =>
        AssertIssue(Head + "fix: {executor: systemd-restart, description: x, unit: a, guards: {max_concurrent: 0}}\n", "fix.guards.max_concurrent", "'0' is not a whole number from 1 to 100");

    [Theory]
    [InlineData("/")]
    [InlineData("var/log")]
    [InlineData("/var/log/../../etc")]
    [InlineData("'{{ labels.dir }}'")]
    public void AllowedPathsAreNarrowAbsoluteAndWrittenOut(string path) =>
        AssertIssue(Head + $"fix: {{executor: ssh-command, description: x, command: [ls], allowed_paths: [{path}]}}\n", "fix.allowed_paths[0]", "is not an absolute directory below /");

    [Fact]
    public void RequiredKeysMissing()
    {
        var issues = Issues("links: []\n");

        Assert.Contains($"{File}: title: required", issues);
        Assert.Contains($"{File}: match: required (alertnames:, matchers: or both)", issues);
        Assert.Contains($"{File}: runbook: required", issues);
    }

    [Fact]
    public void EmptyRunbook() => AssertIssue(Head.Replace("[Look at it]", "[]", StringComparison.Ordinal), "runbook", "needs at least one entry");

    [Fact]
    public void LinkAddressesAreWebAddresses() => AssertIssue(Head + "links: [{text: x, url: 'javascript:alert(1)'}]\n", "links[0].url", "must start with https:// or http://");

    [Fact]
    public void NotAMapping() =>
        Assert.Equal([$"{File}: a handler file holds one YAML mapping (title:, match:, runbook: ...)"], Issues("- title: x\n"));

    [Fact]
    public void SyntaxErrorsNameLineAndColumn() => Assert.StartsWith($"{File}:2:", Assert.Single(Issues("title: x\nmatch: a: b\nrunbook: [x]\n")), StringComparison.Ordinal);
}
