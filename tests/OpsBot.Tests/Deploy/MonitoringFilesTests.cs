using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using OpsBot.Alerts;
using OpsBot.Handlers;
using OpsBot.Routing.Config;
using OpsBot.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace OpsBot.Tests.Deploy;

/// <summary>deploy/alertmanager and deploy/prometheus, checked by amtool and promtool, and against the handlers catalogue.</summary>
public sealed class MonitoringFilesTests
{
    private const string Promtool = "/usr/bin/promtool";
    private const string Amtool = "/usr/bin/amtool";
    private static readonly string[] Severities = ["critical", "error", "warning", "info"];

    // ---- Alertmanager ----

    [Fact]
    public void AlertmanagerConfigPassesAmtool()
    {
        var amtool = DeployFiles.RequireTool(Amtool, "prometheus-alertmanager");
        // amtool does not open credentials_file, so the example's absolute path need not exist here.
        var run = DeployFiles.Run(amtool, DeployFiles.PathOf("deploy", "alertmanager"), "check-config", "alertmanager.yml");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("SUCCESS", run.Output);
    }

    [Fact]
    public void AlertmanagerSendsEveryAlertToOpsBotWithABearerTokenFromAFile()
    {
        var config = DeployFiles.Yaml("deploy", "alertmanager", "alertmanager.yml");
        var receiver = config.Scalar("route", "receiver");
        var receivers = config.Items("receivers").ToList();
        var opsbot = Assert.Single(receivers, r => r.Scalar("name") == receiver);
        var webhook = Assert.Single(opsbot.Items("webhook_configs"));

        Assert.EndsWith("/webhooks/alertmanager", webhook.Scalar("url"));
        Assert.Equal("true", webhook.Scalar("send_resolved"));
        Assert.Equal("Bearer", webhook.Scalar("http_config", "authorization", "type"));
        Assert.StartsWith("/", webhook.Scalar("http_config", "authorization", "credentials_file"));
        Assert.Null(webhook.At("http_config", "authorization", "credentials"));
        Assert.All(config.Items("route", "routes"), r => Assert.Equal(receiver, r.Scalar("receiver")));
        foreach (var key in new[] { "group_by", "group_wait", "group_interval", "repeat_interval" })
            Assert.NotNull(config.At("route", key));
    }

    // ---- Prometheus ----

    [Fact]
    public void AlertingRulesPassPromtoolCheck()
    {
        var promtool = DeployFiles.RequireTool(Promtool, "prometheus");
        var run = DeployFiles.Run(promtool, DeployFiles.PathOf("deploy", "prometheus"), "check", "rules", "opsbot-rules.yml");
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public void AlertingRulesPassTheirUnitTests()
    {
        var promtool = DeployFiles.RequireTool(Promtool, "prometheus");
        var run = DeployFiles.Run(promtool, DeployFiles.PathOf("deploy", "prometheus"), "test", "rules", "opsbot-rules.test.yml");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("SUCCESS", run.Output);
    }

    [Fact]
    public void PrometheusConfigPassesPromtoolCheck()
    {
        var promtool = DeployFiles.RequireTool(Promtool, "prometheus");
        var run = DeployFiles.Run(promtool, DeployFiles.PathOf("deploy", "prometheus"), "check", "config", "prometheus.yml");
        Assert.True(run.ExitCode == 0, run.ToString());
        var config = DeployFiles.Yaml("deploy", "prometheus", "prometheus.yml");
        Assert.Contains("opsbot-rules.yml", config.Items("rule_files").Select(f => ((YamlScalarNode)f).Value));
        var alertmanagers = config.Items("alerting", "alertmanagers").SelectMany(a => a.Items("static_configs")).SelectMany(s => s.Items("targets")).ToList();
        Assert.True(alertmanagers.Count >= 2, "alerts go to both members of the Alertmanager cluster");
        Assert.Contains(config.Items("scrape_configs"), s => s.Scalar("job_name") == "node");
    }

    [Fact]
    public void EveryRuleCarriesASeverityOpsBotKnowsAndTheAnnotationsItShows()
    {
        var rules = AlertingRules();
        Assert.NotEmpty(rules);
        Assert.All(rules, rule =>
        {
            var name = rule.Scalar("alert");
            Assert.True(Severities.Contains(rule.Scalar("labels", "severity")), $"{name}: severity must be one of {string.Join(", ", Severities)}");
            foreach (var annotation in new[] { "summary", "description", "runbook_url" })
                Assert.False(string.IsNullOrWhiteSpace(rule.Scalar("annotations", annotation)), $"{name}: annotation {annotation} is missing");
        });
    }

    [Fact]
    public void EveryRuleAlertIsKnownToAHandler()
    {
        var (handlers, issues) = HandlerLoader.LoadDirectory(DeployFiles.PathOf("handlers"));
        Assert.Empty(issues.Select(i => i.ToString()));
        var known = handlers.SelectMany(h => h.Match.AlertNames).ToHashSet(StringComparer.Ordinal);

        var orphans = AlertingRules().Select(r => r.Scalar("alert")!).Where(a => !known.Contains(a)).Distinct().ToList();

        Assert.True(orphans.Count == 0, $"alerts no handler matches by name: {string.Join(", ", orphans)}");
    }

    [Fact]
    public void EveryHandlerThatMatchesAlertNamesHasARule()
    {
        var (handlers, _) = HandlerLoader.LoadDirectory(DeployFiles.PathOf("handlers"));
        var alerts = AlertingRules().Select(r => r.Scalar("alert")!).ToHashSet(StringComparer.Ordinal);

        var without = handlers.Where(h => h.Match.AlertNames.Count > 0 && !h.Match.AlertNames.Any(alerts.Contains)).Select(h => h.Name).ToList();

        Assert.True(without.Count == 0, $"handlers no rule in opsbot-rules.yml raises an alert for: {string.Join(", ", without)}");
        Assert.True(handlers.Count >= 12, $"expected the repository's handlers, found {handlers.Count}");
    }

    /// <summary>
    /// The alerts the promtool tests expect, with every label they carry (the rule's and the series'), find their
    /// handler the way OpsBot looks it up, matchers included (disk-full's mountpoint matcher, for one).
    /// </summary>
    [Fact]
    public void AlertsTheRuleTestsExpectFindTheirHandler()
    {
        using var catalog = new HandlerCatalog(DeployFiles.PathOf("handlers"), new RoutingOptions().HostLabels, NullLogger<HandlerCatalog>.Instance);
        var tests = DeployFiles.Yaml("deploy", "prometheus", "opsbot-rules.test.yml");
        var checkedAlerts = 0;
        foreach (var evaluation in tests.Items("tests").SelectMany(t => t.Items("alert_rule_test")))
        {
            var alertName = evaluation.Scalar("alertname")!;
            foreach (var expected in evaluation.Items("exp_alerts"))
            {
                var labels = expected.Entries("exp_labels").ToDictionary(e => e.Key, e => ((YamlScalarNode)e.Value).Value ?? "", StringComparer.Ordinal);
                labels["alertname"] = alertName;
                var annotations = expected.Entries("exp_annotations").ToDictionary(e => e.Key, e => ((YamlScalarNode)e.Value).Value ?? "", StringComparer.Ordinal);
                var context = AlertContext.For(labels, annotations, AlertSource.Alertmanager, new RoutingOptions().HostLabels);

                var handler = catalog.Find(context, alertName);

                Assert.True(handler is not null, $"{alertName} {string.Join(", ", labels.Select(l => $"{l.Key}={l.Value}"))}: no handler matches");
                checkedAlerts++;
            }
        }
        Assert.True(checkedAlerts >= 5, $"the rule tests expect only {checkedAlerts} firing alert(s)");
    }

    private static List<YamlNode> AlertingRules() =>
        DeployFiles.Yaml("deploy", "prometheus", "opsbot-rules.yml").Items("groups")
            .SelectMany(g => g.Items("rules"))
            .Where(r => r.Scalar("alert") is not null)
            .ToList();
}
