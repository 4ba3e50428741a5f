using System.Text;
using System.Text.Json;

namespace OpsBot.LoadTest;

/// <summary>
/// The alerts both targets receive. Alert number n belongs to fingerprint n mod N; each pass over the fingerprints is
/// a "round". In every run of K = 100 / resolved-percent rounds a fingerprint fires K-1 times and then resolves once,
/// staggered by fingerprint so every request mixes firing and resolved alerts. Each firing episode after a resolve
/// has a later startsAt, as Alertmanager would send it, so OpsBot sees opens, repeats, resolves and reopens.
/// Label and annotation objects are rendered once per fingerprint: the generator shares the CPU with the server under test.
/// </summary>
public sealed class AlertStream
{
    private readonly TargetKind _target;
    private readonly int _cycle;
    private readonly byte[][] _labels;
    private readonly byte[][] _annotations;
    private readonly string[] _fingerprintIds;
    private readonly DateTimeOffset _origin;

    public AlertStream(TargetKind target, int fingerprints, int resolvedPercent, DateTimeOffset now)
    {
        _target = target;
        _cycle = resolvedPercent == 0 ? int.MaxValue : Math.Max(2, 100 / resolvedPercent);
        // Far enough back that every episode start and every resolve lies in the past, as Alertmanager requires.
        _origin = now.AddDays(-30);
        _labels = new byte[fingerprints][];
        _annotations = new byte[fingerprints][];
        _fingerprintIds = new string[fingerprints];
        for (var i = 0; i < fingerprints; i++)
        {
            var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["alertname"] = $"BenchAlert{i % 20}",
                ["instance"] = $"host-{i}",
                ["job"] = "bench",
                ["severity"] = i % 7 == 0 ? "critical" : "warning",
            };
            var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["summary"] = $"host-{i} is not answering",
                ["description"] = $"host-{i} of job bench has been down for more than 5 minutes.",
            };
            _fingerprintIds[i] = Fingerprint(labels);
            _labels[i] = JsonSerializer.SerializeToUtf8Bytes(labels);
            _annotations[i] = JsonSerializer.SerializeToUtf8Bytes(annotations);
        }
    }

    public string Path => _target == TargetKind.OpsBot ? "webhooks/alertmanager" : "api/v2/alerts";

    /// <summary>The request body for alerts first .. first+count-1.</summary>
    public byte[] Render(long first, int count, DateTimeOffset now)
    {
        using var buffer = new MemoryStream(count * 400 + 512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            if (_target == TargetKind.OpsBot) WriteWebhook(json, first, count, now);
            else WriteAlerts(json, first, count, now);
        }
        return buffer.ToArray();
    }

    private void WriteWebhook(Utf8JsonWriter json, long first, int count, DateTimeOffset now)
    {
        var anyFiring = false;
        for (var n = first; n < first + count && !anyFiring; n++) anyFiring = !IsResolved(n);
        json.WriteStartObject();
        json.WriteString("receiver", "bench");
        json.WriteString("status", anyFiring ? "firing" : "resolved");
        WriteAlerts(json, first, count, now, withFingerprint: true);
        json.WriteString("notification_reason", "new alerts added");
        json.WriteStartObject("groupLabels");
        json.WriteEndObject();
        json.WriteStartObject("commonLabels");
        json.WriteString("job", "bench");
        json.WriteEndObject();
        json.WriteStartObject("commonAnnotations");
        json.WriteEndObject();
        json.WriteStartObject("routeLabels");
        json.WriteEndObject();
        json.WriteString("externalURL", "http://127.0.0.1:9093");
        json.WriteString("version", "4");
        json.WriteString("groupKey", "{}:{}");
        json.WriteNumber("truncatedAlerts", 0);
        json.WriteEndObject();
    }

    private void WriteAlerts(Utf8JsonWriter json, long first, int count, DateTimeOffset now, bool withFingerprint = false)
    {
        if (withFingerprint) json.WriteStartArray("alerts");
        else json.WriteStartArray();
        for (var n = first; n < first + count; n++)
        {
            var i = (int)(n % _fingerprintIds.Length);
            var round = n / _fingerprintIds.Length;
            var phase = round + i;
            var resolved = IsResolved(n);
            var startsAt = _origin.AddSeconds(phase / _cycle);
            json.WriteStartObject();
            if (withFingerprint) json.WriteString("status", resolved ? "resolved" : "firing");
            json.WritePropertyName("labels");
            json.WriteRawValue(_labels[i], skipInputValidation: true);
            json.WritePropertyName("annotations");
            json.WriteRawValue(_annotations[i], skipInputValidation: true);
            json.WriteString("startsAt", startsAt.UtcDateTime);
            if (resolved) json.WriteString("endsAt", startsAt.AddSeconds(0.5).UtcDateTime);
            else if (withFingerprint) json.WriteString("endsAt", "0001-01-01T00:00:00Z");
            // A pushed firing alert expires at endsAt unless pushed again, as Prometheus does it.
            else json.WriteString("endsAt", now.AddMinutes(5).UtcDateTime);
            json.WriteString("generatorURL", "http://127.0.0.1:9090/graph?g0.expr=up+%3D%3D+0");
            if (withFingerprint) json.WriteString("fingerprint", _fingerprintIds[i]);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    public bool IsResolved(long n)
    {
        var i = n % _fingerprintIds.Length;
        return (n / _fingerprintIds.Length + i) % _cycle == _cycle - 1;
    }

    /// <summary>prometheus/common model.LabelSet.Fingerprint: FNV-1a 64 over sorted name 0xFF value 0xFF.</summary>
    public static string Fingerprint(SortedDictionary<string, string> labels)
    {
        const ulong offset = 14695981039346656037UL, prime = 1099511628211UL;
        var hash = offset;
        void Add(byte b) { hash ^= b; hash *= prime; }
        foreach (var (name, value) in labels)
        {
            foreach (var b in Encoding.UTF8.GetBytes(name)) Add(b);
            Add(0xFF);
            foreach (var b in Encoding.UTF8.GetBytes(value)) Add(b);
            Add(0xFF);
        }
        return hash.ToString("x16");
    }
}
