using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using OpsBot.Alerts;
using OpsBot.Handlers;
using OpsBot.Routing.Config;
using OpsBot.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace OpsBot.Tests.Deploy;

/// <summary>deploy/k8s, checked structurally: Kubernetes does not run on these machines.</summary>
public sealed class KubernetesFilesTests
{
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
