using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using OpsBot.Alerts;
using OpsBot.Handlers;
using OpsBot.Routing.Config;
using OpsBot.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace OpsBot.Tests.Deploy;

/// <summary>deploy/systemd (systemd-analyze where it exists) and deploy/docker (structure: Docker does not run on these machines).</summary>
public sealed class HostFilesTests
{
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
}
