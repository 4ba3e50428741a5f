using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using OpsBot.Alerts;
using OpsBot.Handlers;
using OpsBot.Routing.Config;
using OpsBot.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace OpsBot.Tests.Deploy;

/// <summary>
/// The files under deploy/ are checked by the tools that read them in production where those run here (promtool,
/// amtool, systemd-analyze), and structurally otherwise (Docker and Kubernetes do not run on these machines).
/// </summary>
public sealed partial class DeployFilesTests
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

    // ---- systemd ----

    [Fact]
    public void SystemdUnitsPassSystemdAnalyzeVerifyWhereItExists()
    {
        const string analyze = "/usr/bin/systemd-analyze";
        if (!File.Exists(analyze))
        {
            // No systemd here: the key checks in the next tests are all there is; say so in the output.
            Console.WriteLine($"{analyze} is not installed: unit files checked by key only");
            return;
        }
        var dir = Directory.CreateTempSubdirectory("opsbot-units-").FullName;
        try
        {
            foreach (var unit in new[] { "opsbot.service", "opsbot-migrate.service" })
            {
                var text = DeployFiles.Text("deploy", "systemd", unit);
                // verify insists the ExecStart program exists; on a machine whose dotnet lives elsewhere, stand in /bin/true.
                if (!File.Exists("/usr/bin/dotnet")) text = text.Replace("/usr/bin/dotnet ", "/bin/true ", StringComparison.Ordinal);
                File.WriteAllText(Path.Combine(dir, unit), text);
            }

            var run = DeployFiles.Run(analyze, dir, "verify", "./opsbot.service", "./opsbot-migrate.service");

            Assert.True(run.ExitCode == 0, run.ToString());
            // Unknown keys and bad values are only warnings to systemd, and silently weaken a unit.
            Assert.DoesNotMatch(new Regex("Unknown|Invalid|Failed to parse|ignoring", RegexOptions.IgnoreCase), run.Output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void OpsBotServiceIsHardenedRunsUnprivilegedAndMigratesFirst()
    {
        var unit = DeployFiles.Unit("deploy", "systemd", "opsbot.service");
        string? Value(string key) => unit.LastOrDefault(e => e.Section == "Service" && e.Key == key).Value;

        Assert.True(Value("User") is { Length: > 0 } user && user != "root" || Value("DynamicUser") == "yes", "runs as a user of its own");
        Assert.Equal("strict", Value("ProtectSystem"));
        Assert.Equal("yes", Value("NoNewPrivileges"));
        Assert.Equal("yes", Value("PrivateTmp"));
        Assert.Equal("opsbot", Value("StateDirectory"));
        Assert.Equal("/etc/opsbot/opsbot.env", Value("EnvironmentFile"));
        Assert.Equal("on-failure", Value("Restart"));
        Assert.Matches(@"OpsBot\.Host\.dll$", Value("ExecStart"));
        Assert.Contains(unit, e => e.Section == "Unit" && e.Key == "Requires" && e.Value.Contains("opsbot-migrate.service"));
        Assert.Contains(unit, e => e.Section == "Unit" && e.Key == "After" && e.Value.Contains("opsbot-migrate.service"));
        Assert.Contains(unit, e => e.Section == "Install" && e.Key == "WantedBy");

        var migrate = DeployFiles.Unit("deploy", "systemd", "opsbot-migrate.service");
        string? MigrateValue(string key) => migrate.LastOrDefault(e => e.Section == "Service" && e.Key == key).Value;
        Assert.Equal("oneshot", MigrateValue("Type"));
        Assert.Matches(@"OpsBot\.Host\.dll migrate$", MigrateValue("ExecStart"));
        Assert.Equal(Value("User"), MigrateValue("User"));
        Assert.Equal(Value("EnvironmentFile"), MigrateValue("EnvironmentFile"));
        Assert.Equal("strict", MigrateValue("ProtectSystem"));
        Assert.Equal("yes", MigrateValue("NoNewPrivileges"));
    }

    [Fact]
    public void SystemdEnvironmentExampleCarriesTheProductionSettings()
    {
        var env = DeployFiles.EnvFile("deploy", "systemd", "opsbot.env.example");
        foreach (var key in new[]
                 {
                     "Urls", "Bus__Transport", "Bus__RabbitMq__Host", "Bus__RabbitMq__Port", "Bus__RabbitMq__VirtualHost",
                     "Bus__RabbitMq__Username", "Bus__RabbitMq__Password", "Storage__Provider", "Storage__ConnectionString",
                     "Storage__MigrateAtStart", "Ingest__Alertmanager__BearerToken", "Chat__Slack__BotToken", "Chat__Slack__SigningSecret",
                     "Chat__Discord__BotToken", "Chat__Discord__PublicKey", "Chat__Discord__ApplicationId", "PagerDuty__ApiToken",
                     "Ingest__PagerDuty__SigningSecrets__0", "Console__Token",
                 })
            Assert.True(env.ContainsKey(key), $"opsbot.env.example has no {key}");
        Assert.Equal("RabbitMq", env["Bus__Transport"]);
        Assert.Equal("Postgres", env["Storage__Provider"]);
        Assert.Equal("false", env["Storage__MigrateAtStart"]);
    }

    // ---- Docker ----

    [Fact]
    public void DockerfileCopiesWhatExistsAndRunsTheHostUnprivileged()
    {
        var lines = DeployFiles.Text("deploy", "docker", "Dockerfile").Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var stages = lines.Where(l => l.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(stages.Count >= 2, "multi-stage: an SDK stage builds, a runtime stage runs");
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0", stages[0]);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0", stages[^1]);

        foreach (var copy in lines.Where(l => l.StartsWith("COPY ", StringComparison.OrdinalIgnoreCase) && !l.Contains("--from=")))
        {
            var parts = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Where(p => !p.StartsWith("--")).ToList();
            foreach (var source in parts[..^1])
                Assert.True(File.Exists(DeployFiles.PathOf(source)) || Directory.Exists(DeployFiles.PathOf(source)), $"'{copy}': {source} is not in the repository");
        }
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^COPY appsettings/?\s"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^COPY handlers/?\s"));

        var finalStage = lines.Skip(lines.IndexOf(stages[^1])).ToList();
        var user = finalStage.LastOrDefault(l => l.StartsWith("USER ", StringComparison.Ordinal))?[5..].Trim();
        Assert.False(user is null or "root" or "0" or "0:0", $"the runtime stage must end as a non-root USER, not '{user ?? "(none)"}'");
        Assert.Contains("EXPOSE 8080", finalStage);
        var entrypoint = Assert.Single(finalStage, l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal));
        Assert.Contains("OpsBot.Host.dll", entrypoint);
        Assert.Contains(finalStage, l => l.Contains("Urls=http://0.0.0.0:8080"));

        // The build context is the repository root; .dockerignore must not drop what the Dockerfile copies.
        var ignored = DeployFiles.Text(".dockerignore").Split('\n').Select(l => l.Trim()).ToList();
        foreach (var needed in new[] { "src", "appsettings", "handlers", "Directory.Build.props", "Directory.Packages.props" })
            Assert.DoesNotContain(needed, ignored);
    }

    [Fact]
    public void ComposeFileReferencesFilesThatExistAndStartsReplicasAfterTheMigration()
    {
        var dir = DeployFiles.PathOf("deploy", "docker");
        var compose = DeployFiles.Yaml("deploy", "docker", "docker-compose.yml");
        var services = compose.Entries("services").ToDictionary(e => e.Key, e => e.Value);

        foreach (var (name, service) in services)
        {
            if (service.At("build") is { } build)
            {
                var context = Path.GetFullPath(Path.Combine(dir, build.Scalar("context")!));
                Assert.True(File.Exists(Path.Combine(context, build.Scalar("dockerfile")!)), $"{name}: Dockerfile not found");
            }
            foreach (var envFile in service.Items("env_file"))
            {
                var path = envFile is YamlScalarNode s ? s.Value! : envFile.Scalar("path")!;
                var required = envFile is YamlScalarNode || envFile.Scalar("required") != "false";
                if (required) Assert.True(File.Exists(Path.Combine(dir, path)), $"{name}: env_file {path} does not exist");
            }
            foreach (var volume in service.Items("volumes").OfType<YamlScalarNode>().Select(v => v.Value!))
            {
                var source = volume.Split(':')[0];
                if (source.StartsWith('.'))
                    Assert.True(File.Exists(Path.Combine(dir, source)) || Directory.Exists(Path.Combine(dir, source)), $"{name}: volume source {source} does not exist");
            }
        }

        foreach (var infra in new[] { "rabbitmq", "postgres" })
        {
            Assert.True(services.ContainsKey(infra), $"no {infra} service");
            Assert.NotNull(services[infra].At("healthcheck", "test"));
        }
        Assert.StartsWith("rabbitmq:3-management", services["rabbitmq"].Scalar("image"));
        Assert.StartsWith("postgres:16", services["postgres"].Scalar("image"));

        var migrate = services["migrate"];
        Assert.Equal("migrate", ((YamlScalarNode)Assert.Single(migrate.Items("command"))).Value);
        Assert.Equal("service_healthy", migrate.Scalar("depends_on", "postgres", "condition"));

        var replicas = services.Where(s => s.Key != "migrate" && s.Value.Scalar("image") == migrate.Scalar("image")).ToList();
        Assert.True(replicas.Count >= 2, $"expected two OpsBot replicas, found {replicas.Count}");
        Assert.All(replicas, r =>
        {
            Assert.Equal("service_completed_successfully", r.Value.Scalar("depends_on", "migrate", "condition"));
            Assert.Equal("service_healthy", r.Value.Scalar("depends_on", "rabbitmq", "condition"));
            Assert.Equal("service_healthy", r.Value.Scalar("depends_on", "postgres", "condition"));
        });
        foreach (var name in new[] { "prometheus", "node-exporter" }) Assert.True(services.ContainsKey(name), $"no {name} service");
        Assert.Contains(services.Keys, k => k.StartsWith("alertmanager", StringComparison.Ordinal));
    }

    [Fact]
    public void ComposeExampleTokenIsTheOneAlertmanagerSends()
    {
        var env = DeployFiles.EnvFile("deploy", "docker", "opsbot.env.example");
        var token = DeployFiles.Text("deploy", "docker", "opsbot-token.example").Trim();

        Assert.Equal(token, env["Ingest__Alertmanager__BearerToken"]);
        Assert.Equal("RabbitMq", env["Bus__Transport"]);
        Assert.Equal("Postgres", env["Storage__Provider"]);
        var infra = DeployFiles.EnvFile("deploy", "docker", "infra.env.example");
        Assert.Equal(infra["RABBITMQ_DEFAULT_PASS"], env["Bus__RabbitMq__Password"]);
        Assert.Contains($"Password={infra["POSTGRES_PASSWORD"]}", env["Storage__ConnectionString"]);
    }

    // ---- Kubernetes ----

    private static IReadOnlyList<(string File, YamlMappingNode Manifest)> Manifests() =>
        Directory.EnumerateFiles(DeployFiles.PathOf("deploy", "k8s"), "*.yaml")
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .OrderBy(f => f, StringComparer.Ordinal)
            .SelectMany(f => DeployFiles.YamlDocuments("deploy", "k8s", Path.GetFileName(f)).Select(d => (Path.GetFileName(f), d)))
            .ToList();

    private static YamlMappingNode Manifest(string kind, string name) =>
        Assert.Single(Manifests(), m => m.Manifest.Scalar("kind") == kind && m.Manifest.Scalar("metadata", "name") == name).Manifest;

    [Fact]
    public void KustomizationListsEveryManifestInTheFolder()
    {
        var listed = DeployFiles.Yaml("deploy", "k8s", "kustomization.yaml").Items("resources").Select(r => ((YamlScalarNode)r).Value!).Order().ToList();
        var present = Directory.EnumerateFiles(DeployFiles.PathOf("deploy", "k8s"))
            .Select(f => Path.GetFileName(f)).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Where(f => f != "kustomization.yaml").Order().ToList();

        Assert.Equal(present, listed);
        Assert.All(Manifests(), m =>
        {
            Assert.False(string.IsNullOrEmpty(m.Manifest.Scalar("apiVersion")), $"{m.File}: no apiVersion");
            Assert.False(string.IsNullOrEmpty(m.Manifest.Scalar("kind")), $"{m.File}: no kind");
            Assert.Null(m.Manifest.At("metadata", "namespace"));
        });
    }

    [Fact]
    public void DeploymentRunsTwoHardenedReplicasProbedOnHealthAndReadiness()
    {
        var deployment = Manifest("Deployment", "opsbot");
        Assert.True(int.Parse(deployment.Scalar("spec", "replicas")!) >= 2, "at least two replicas");
        Assert.Equal("RollingUpdate", deployment.Scalar("spec", "strategy", "type"));
        var pod = deployment.At("spec", "template", "spec");
        Assert.Equal("true", pod.Scalar("securityContext", "runAsNonRoot"));
        Assert.True(pod.Items("topologySpreadConstraints").Any() || pod.At("affinity", "podAntiAffinity") is not null, "replicas spread over nodes");
        var selector = deployment.Entries("spec", "selector", "matchLabels").ToDictionary(e => e.Key, e => ((YamlScalarNode)e.Value).Value);
        var podLabels = deployment.Entries("spec", "template", "metadata", "labels").ToDictionary(e => e.Key, e => ((YamlScalarNode)e.Value).Value);
        Assert.All(selector, s => Assert.Equal(s.Value, podLabels.GetValueOrDefault(s.Key)));

        var container = Assert.Single(pod.Items("containers"));
        var ports = container.Items("ports").ToList();
        Assert.Contains(ports, p => p.Scalar("containerPort") == "8080");
        void ProbedAt(string probe, string path)
        {
            Assert.Equal(path, container.Scalar(probe, "httpGet", "path"));
            var port = container.Scalar(probe, "httpGet", "port");
            Assert.True(ports.Any(p => p.Scalar("name") == port || p.Scalar("containerPort") == port), $"{probe} probes port {port}, which the container does not expose");
        }
        ProbedAt("livenessProbe", "/healthz");
        ProbedAt("readinessProbe", "/readyz");
        Assert.NotNull(container.At("resources", "requests", "memory"));
        Assert.NotNull(container.At("resources", "limits", "memory"));
        Assert.Equal("true", container.Scalar("securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("false", container.Scalar("securityContext", "allowPrivilegeEscalation"));

        var env = container.Items("env").ToDictionary(e => e.Scalar("name")!, e => e);
        Assert.Equal("RabbitMq", env["Bus__Transport"].Scalar("value"));
        Assert.Equal("Postgres", env["Storage__Provider"].Scalar("value"));
        Assert.Equal("http://0.0.0.0:8080", env["Urls"].Scalar("value"));
        Assert.NotNull(env["Storage__ConnectionString"].At("valueFrom", "secretKeyRef"));

        var volumes = pod.Items("volumes").ToDictionary(v => v.Scalar("name")!, v => v);
        var mounts = container.Items("volumeMounts").ToDictionary(m => m.Scalar("mountPath")!, m => m.Scalar("name")!);
        Assert.True(volumes[mounts["/tmp"]].At("emptyDir") is not null, "/tmp is an emptyDir, since the root filesystem is read-only");
        Assert.Equal("opsbot-appsettings", volumes[mounts[env["OPSBOT_CONFIG_DIR"].Scalar("value")!]].Scalar("configMap", "name"));
        Assert.Equal("opsbot-handlers", volumes[mounts[env["Handlers__Directory"].Scalar("value")!]].Scalar("configMap", "name"));
        Assert.Equal("/app/appsettings", env["OPSBOT_CONFIG_DIR"].Scalar("value"));
        Assert.Equal("/app/handlers", env["Handlers__Directory"].Scalar("value"));
    }

    [Fact]
    public void SecretsAndConfigMapsTheWorkloadsNameExist()
    {
        var secret = Manifest("Secret", "opsbot-secrets");
        var secretKeys = secret.Entries("stringData").Concat(secret.Entries("data")).Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var configMaps = Manifests().Where(m => m.Manifest.Scalar("kind") == "ConfigMap").Select(m => m.Manifest.Scalar("metadata", "name")).ToHashSet();

        var workloads = Manifests().Where(m => m.Manifest.Scalar("kind") is "Deployment" or "Job").ToList();
        Assert.Equal(2, workloads.Count);
        var references = 0;
        foreach (var (file, workload) in workloads)
        {
            var pod = workload.At("spec", "template", "spec");
            foreach (var env in pod.Items("containers").Concat(pod.Items("initContainers")).SelectMany(c => c.Items("env")))
            {
                if (env.At("valueFrom", "secretKeyRef") is not { } reference) continue;
                Assert.Equal("opsbot-secrets", reference.Scalar("name"));
                Assert.True(secretKeys.Contains(reference.Scalar("key")!), $"{file}: {env.Scalar("name")} reads key '{reference.Scalar("key")}', which secret.example.yaml lacks");
                references++;
            }
            foreach (var volume in pod.Items("volumes").Where(v => v.At("configMap") is not null))
                Assert.True(configMaps.Contains(volume.Scalar("configMap", "name")), $"{file}: volume {volume.Scalar("name")} names a ConfigMap that is not here");
        }
        Assert.True(references >= 5, "the workloads read their secrets from the Secret");
    }

    [Fact]
    public void MigrationJobRunsTheMigrateVerbOnceAgainstTheSameDatabase()
    {
        var job = Manifest("Job", "opsbot-migrate");
        var pod = job.At("spec", "template", "spec");
        Assert.Equal("Never", pod.Scalar("restartPolicy"));
        var container = Assert.Single(pod.Items("containers"));
        Assert.Equal(["migrate"], container.Items("args").Select(a => ((YamlScalarNode)a).Value));
        Assert.Equal("true", pod.Scalar("securityContext", "runAsNonRoot"));

        var deployment = Manifest("Deployment", "opsbot");
        var image = Assert.Single(deployment.At("spec", "template", "spec").Items("containers")).Scalar("image");
        Assert.Equal(image, container.Scalar("image"));
        var connection = container.Items("env").Single(e => e.Scalar("name") == "Storage__ConnectionString");
        Assert.Equal("storage-connection-string", connection.Scalar("valueFrom", "secretKeyRef", "key"));
    }

    [Fact]
    public void ServiceAndDisruptionBudgetSelectTheDeploymentsPods()
    {
        var podLabels = Manifest("Deployment", "opsbot").Entries("spec", "template", "metadata", "labels")
            .ToDictionary(e => e.Key, e => ((YamlScalarNode)e.Value).Value);
        var service = Manifest("Service", "opsbot");
        Assert.All(service.Entries("spec", "selector"), s => Assert.Equal(((YamlScalarNode)s.Value).Value, podLabels.GetValueOrDefault(s.Key)));
        Assert.Contains(service.Items("spec", "ports"), p => p.Scalar("targetPort") is "http" or "8080");

        var budget = Manifest("PodDisruptionBudget", "opsbot");
        Assert.Equal("1", budget.Scalar("spec", "minAvailable"));
        Assert.All(budget.Entries("spec", "selector", "matchLabels"), s => Assert.Equal(((YamlScalarNode)s.Value).Value, podLabels.GetValueOrDefault(s.Key)));
    }

    /// <summary>The ConfigMaps are generated copies of appsettings/ and handlers/; a change there must be carried over.</summary>
    [Theory]
    [InlineData("configmap-appsettings.yaml", "appsettings")]
    [InlineData("configmap-handlers.yaml", "handlers")]
    public void ConfigMapsHoldTheRepositorysCurrentFiles(string manifest, string folder)
    {
        var data = DeployFiles.Yaml("deploy", "k8s", manifest).Entries("data").ToDictionary(e => e.Key, e => ((YamlScalarNode)e.Value).Value ?? "");
        var files = Directory.EnumerateFiles(DeployFiles.PathOf(folder)).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
        var regenerate = $"regenerate with: kubectl create configmap opsbot-{folder} --from-file={folder}/ --dry-run=client -o yaml (see deploy/README.md)";

        Assert.True(files.Keys.Order().SequenceEqual(data.Keys.Order()), $"{manifest} holds {string.Join(", ", data.Keys.Order())} but {folder}/ holds {string.Join(", ", files.Keys.Order())}; {regenerate}");
        foreach (var (name, text) in files)
            Assert.True(text == data[name], $"{manifest}: {name} differs from {folder}/{name}; {regenerate}");
    }
}

/// <summary>Reads the files under deploy/ and runs the tools that check them (promtool, amtool, systemd-analyze).</summary>
internal static class DeployFiles
{
    public static string Root => Fixtures.RepositoryRoot;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Text(params string[] parts)
    {
        var path = PathOf(parts);
        Assert.True(File.Exists(path), $"{path} is missing");
        return File.ReadAllText(path);
    }

    /// <summary>Every YAML document of the file (a file may hold several, separated by ---).</summary>
    public static IReadOnlyList<YamlMappingNode> YamlDocuments(params string[] parts)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Text(parts)));
        return stream.Documents.Select(d => Assert.IsType<YamlMappingNode>(d.RootNode)).ToList();
    }

    public static YamlMappingNode Yaml(params string[] parts) => Assert.Single(YamlDocuments(parts));

    public static YamlNode? Get(this YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlNode? At(this YamlNode? node, params string[] keys)
    {
        foreach (var key in keys) node = node.Get(key);
        return node;
    }

    public static string? Scalar(this YamlNode? node, params string[] keys) => (node.At(keys) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode? node, params string[] keys) =>
        node.At(keys) is YamlSequenceNode sequence ? sequence.Children : [];

    public static IEnumerable<KeyValuePair<string, YamlNode>> Entries(this YamlNode? node, params string[] keys) =>
        node.At(keys) is YamlMappingNode map
            ? map.Children.Select(c => new KeyValuePair<string, YamlNode>(((YamlScalarNode)c.Key).Value!, c.Value))
            : [];

    /// <summary>The absolute path of a Debian tool the tests need; fails (does not skip) when it is not installed.</summary>
    public static string RequireTool(string path, string package)
    {
        Assert.True(File.Exists(path), $"{path} is missing: install Debian's {package} package (apt-get install {package})");
        return path;
    }

    public sealed record ToolRun(int ExitCode, string Output)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}";
    }

    public static ToolRun Run(string tool, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} ran longer than 60 s");
        }
        process.WaitForExit();
        return new ToolRun(process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>KEY=value lines of an environment file (comments and blank lines left out).</summary>
    public static IReadOnlyDictionary<string, string> EnvFile(params string[] parts) =>
        Text(parts).Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l =>
            {
                var equals = l.IndexOf('=');
                Assert.True(equals > 0, $"{string.Join('/', parts)}: '{l}' is not KEY=value");
                return (Key: l[..equals], Value: l[(equals + 1)..]);
            })
            .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    /// <summary>A systemd unit as (section, key, value) in file order; repeated keys stay repeated.</summary>
    public static IReadOnlyList<(string Section, string Key, string Value)> Unit(params string[] parts)
    {
        var entries = new List<(string, string, string)>();
        var section = "";
        foreach (var raw in Text(parts).Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith(';')) continue;
            if (line.StartsWith('[') && line.EndsWith(']')) { section = line[1..^1]; continue; }
            var equals = line.IndexOf('=');
            Assert.True(equals > 0 && section.Length > 0, $"{string.Join('/', parts)}: '{line}' is neither a [Section] nor Key=value in a section");
            entries.Add((section, line[..equals].Trim(), line[(equals + 1)..].Trim()));
        }
        return entries;
    }
}
