using OpsBot.Alerts;
using OpsBot.Handlers;

namespace OpsBot.Tests.Handlers;

public sealed class HandlerTemplateTests
{
    private static readonly string[] AllowedPaths = ["/var/log", "/tmp"];

    private static AlertContext Context(Dictionary<string, string>? labels = null, Dictionary<string, string>? annotations = null, string? host = "web-1") =>
        new(labels ?? new Dictionary<string, string> { ["alertname"] = "DiskFull", ["severity"] = "critical", ["mountpoint"] = "/var" },
            annotations ?? new Dictionary<string, string> { ["summary"] = "Disk almost full" }, AlertSource.Alertmanager, host);

    private static AlertContext WithLabel(string name, string value) =>
        Context(new Dictionary<string, string> { ["alertname"] = "DiskFull", [name] = value });

    [Fact]
    public void TextFillsEveryVariableAndLeavesMissingLabelsEmpty() =>
        Assert.Equal("DiskFull (critical) on web-1: /var, Disk almost full, []",
            HandlerTemplate.RenderText("{{ alertname }} ({{severity}}) on {{ host }}: {{ labels.mountpoint }}, {{ annotations.summary }}, [{{ labels.nothing }}]", Context()));

    [Fact]
    public void TextWithoutHostRendersEmpty() => Assert.Equal("on ", HandlerTemplate.RenderText("on {{ host }}", Context(host: null)));

    [Fact]
    public void UrlsPercentEncodeValues() =>
        Assert.Equal("https://grafana/d/x?var-mount=%2Fvar%26x%3D1", HandlerTemplate.RenderUrl("https://grafana/d/x?var-mount={{ labels.mountpoint }}", WithLabel("mountpoint", "/var&x=1")));

    [Fact]
    public void JsonBodiesEscapeValues() =>
        Assert.Equal("{\"unit\": \"a\\\"b\\\\c\\n\"}", HandlerTemplate.RenderJson("{\"unit\": \"{{ labels.unit }}\"}", WithLabel("unit", "a\"b\\c\n")));

    [Fact]
    public void ArgumentsRenderElementByElementWithoutSplitting()
    {
        var rendered = HandlerTemplate.RenderArguments(["find", "{{ labels.log_dir }}", "-name", "*.log", "-exec", "gzip", "{}", ";", "a b"],
            WithLabel("log_dir", "/var/log/app"), AllowedPaths);

        Assert.Null(rendered.Refusal);
        Assert.Equal(["find", "/var/log/app", "-name", "*.log", "-exec", "gzip", "{}", ";", "a b"], rendered.Arguments);
    }

    [Theory]
    [InlineData("; rm -rf /", "label log_dir: ';' is not allowed in a command argument")]
    [InlineData("app;reboot", "label log_dir: ';' is not allowed in a command argument")]
    [InlineData("$(reboot)", "label log_dir: '$' is not allowed in a command argument")]
    [InlineData("`id`", "label log_dir: '`' is not allowed in a command argument")]
    [InlineData("a b", "label log_dir: ' ' is not allowed in a command argument")]
    [InlineData("app\nreboot", "label log_dir: a newline is not allowed in a command argument")]
    [InlineData("app|sh", "label log_dir: '|' is not allowed in a command argument")]
    [InlineData("app&", "label log_dir: '&' is not allowed in a command argument")]
    [InlineData("*.log", "label log_dir: '*' is not allowed in a command argument")]
    [InlineData("'x'", "label log_dir: ''' is not allowed in a command argument")]
    [InlineData("--delete", "label log_dir: a leading '-' is not allowed in a command argument (it would be read as an option)")]
    [InlineData("../../etc", "label log_dir: '.' is not allowed at the start of a command argument")]
    [InlineData("/var/log/../../etc", "label log_dir: a '..' path segment is not allowed in a command argument")]
    [InlineData("/etc/shadow", "label log_dir: '/etc/shadow' is outside the allowed paths (/var/log, /tmp)")]
    [InlineData("/var/logs", "label log_dir: '/var/logs' is outside the allowed paths (/var/log, /tmp)")]
    [InlineData("", "label log_dir is missing or empty")]
    public void AlertValuesThatCouldInjectAreRefusedNamingTheLabel(string value, string reason)
    {
        var rendered = HandlerTemplate.RenderArguments(["find", "{{ labels.log_dir }}", "-delete"], WithLabel("log_dir", value), AllowedPaths);

        Assert.True(rendered.Refused);
        Assert.Equal(reason, rendered.Refusal);
        Assert.Empty(rendered.Arguments);
    }

    [Fact]
    public void AMissingLabelIsRefused() =>
        Assert.Equal("label unit is missing or empty", HandlerTemplate.RenderArguments(["{{ labels.unit }}"], Context(), []).Refusal);

    [Fact]
    public void AnnotationsAndHostAreNamedToo()
    {
        Assert.Equal("annotation summary: ' ' is not allowed in a command argument", HandlerTemplate.RenderArguments(["{{ annotations.summary }}"], Context(), []).Refusal);
        Assert.Equal("host: ';' is not allowed in a command argument", HandlerTemplate.RenderArguments(["{{ host }}"], Context(host: "web;reboot"), []).Refusal);
    }

    [Fact]
    public void APathFormedFromATrustedPrefixIsCheckedAsAWhole()
    {
        var refused = HandlerTemplate.RenderArguments(["/etc/{{ labels.app }}"], WithLabel("app", "nginx"), AllowedPaths);
        var allowed = HandlerTemplate.RenderArguments(["/var/log/{{ labels.app }}", "--dir={{ labels.app }}"], WithLabel("app", "nginx"), AllowedPaths);

        Assert.Equal("label app: '/etc/nginx' is outside the allowed paths (/var/log, /tmp)", refused.Refusal);
        Assert.Equal(["/var/log/nginx", "--dir=nginx"], allowed.Arguments);
    }

    [Fact]
    public void PathsAreComparedAfterNormalising()
    {
        Assert.False(HandlerTemplate.RenderArguments(["{{ labels.dir }}"], WithLabel("dir", "/var//log/./app"), AllowedPaths).Refused);
        Assert.False(HandlerTemplate.RenderArguments(["{{ labels.dir }}"], WithLabel("dir", "/tmp"), AllowedPaths).Refused);
    }

    [Fact]
    public void WithoutAllowedPathsAnyPlainPathIsAccepted() =>
        Assert.Equal(["du", "-xh", "/"], HandlerTemplate.RenderArguments(["du", "-xh", "{{ labels.mountpoint }}"], WithLabel("mountpoint", "/"), []).Arguments);

    [Fact]
    public void PlainValuesPass() =>
        Assert.Equal(["nginx@web_1.service", "k8s:ns=payments+x"],
            HandlerTemplate.RenderArguments(["{{ labels.a }}", "{{ labels.b }}"],
                Context(new Dictionary<string, string> { ["a"] = "nginx@web_1.service", ["b"] = "k8s:ns=payments+x" }), []).Arguments);

    [Fact]
    public void PromQLEscapesValuesForADoubleQuotedString()
    {
        var rendered = HandlerTemplate.RenderPromQL("up{job=\"{{ labels.job }}\", instance=~\"{{ host }}(:[0-9]+)?\"}", Context(
            new Dictionary<string, string> { ["job"] = "a\"} or vector(1) #\\\nx" }));

        Assert.Null(rendered.Refusal);
        Assert.Equal("up{job=\"a\\\"} or vector(1) #\\\\\\nx\", instance=~\"web-1(:[0-9]+)?\"}", rendered.Query);
    }

    [Theory]
    [InlineData("web\"1", "host: 'web\"1' is not a plain host name (letters, digits, '.', '_', '-')")]
    [InlineData("web-1\n", "host: 'web-1\n' is not a plain host name (letters, digits, '.', '_', '-')")]
    [InlineData(null, "host: the alert names no host")]
    public void PromQLRefusesHostsThatAreNotPlainNames(string? host, string reason) =>
        Assert.Equal(reason, HandlerTemplate.RenderPromQL("up{instance=~\"{{ host }}(:.*)?\"}", Context(host: host)).Refusal);

    [Theory]
    [InlineData("up{instance={{ host }}}")]
    [InlineData("up{instance='{{ host }}'}")]
    [InlineData("up{instance=\"\\{{ host }}\"}")]
    [InlineData("up{a=\"x\"} {{ labels.mountpoint }}")]
    public void PromQLVariablesOutsideADoubleQuotedStringAreRefused(string template)
    {
        Assert.NotNull(HandlerTemplate.ValidatePromQL(template));
        Assert.True(HandlerTemplate.RenderPromQL(template, Context()).Refused);
    }

    [Fact]
    public void PromQLKeepsEscapedQuotesInTheTemplateApart() =>
        Assert.Null(HandlerTemplate.ValidatePromQL("label_replace(up, \"x\", \"a\\\"b\", \"instance\", \"{{ host }}\")"));

    [Theory]
    [InlineData("{{ host", "unterminated '{{' at character 1 (close it with '}}')")]
    [InlineData("{{ labels.a-b }}", "unknown template variable 'labels.a-b' (use labels.NAME, annotations.NAME, host, alertname or severity)")]
    [InlineData("{{ }}", "unknown template variable '' (use labels.NAME, annotations.NAME, host, alertname or severity)")]
    [InlineData("{{ env.HOME }}", "unknown template variable 'env.HOME' (use labels.NAME, annotations.NAME, host, alertname or severity)")]
    public void MalformedTemplates(string template, string error)
    {
        Assert.Equal(error, HandlerTemplate.Validate(template));
        Assert.Throws<FormatException>(() => HandlerTemplate.RenderText(template, Context()));
        Assert.True(HandlerTemplate.RenderArguments([template], Context(), []).Refused);
    }
}
