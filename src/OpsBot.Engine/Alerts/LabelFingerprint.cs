using System.Text;

namespace OpsBot.Alerts;

/// <summary>
/// Prometheus' label-set fingerprint (FNV-1a 64 over sorted name 0xFF value 0xFF), so alerts that arrive
/// without Alertmanager's fingerprint still get the identity Alertmanager would give them.
/// </summary>
public static class LabelFingerprint
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static string Compute(IReadOnlyDictionary<string, string> labels)
    {
        if (labels.Count == 0) return Offset.ToString("x16");
        var hash = Offset;
        foreach (var name in labels.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            hash = Add(hash, name);
            hash = Add(hash, 0xFF);
            hash = Add(hash, labels[name]);
            hash = Add(hash, 0xFF);
        }
        return hash.ToString("x16");
    }

    private static ulong Add(ulong hash, string text)
    {
        foreach (var b in Encoding.UTF8.GetBytes(text)) hash = Add(hash, b);
        return hash;
    }

    private static ulong Add(ulong hash, byte b) => (hash ^ b) * Prime;
}
