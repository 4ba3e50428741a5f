using System.Security.Cryptography;
using System.Text;

namespace OpsBot.Ingest.PagerDuty;

/// <summary>
/// Verifies X-PagerDuty-Signature: comma-separated "v1=&lt;hex HMAC-SHA256 of the raw body&gt;" entries, valid when any
/// entry matches any configured secret (several of each allow a secret rotation without downtime).
/// </summary>
public static class PagerDutySignature
{
    public static bool IsValid(ReadOnlySpan<byte> body, string? header, IReadOnlyList<string> secrets)
    {
        if (string.IsNullOrWhiteSpace(header) || secrets.Count == 0) return false;
        var candidates = new List<byte[]>();
        foreach (var entry in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!entry.StartsWith("v1=", StringComparison.Ordinal)) continue;
            try { candidates.Add(Convert.FromHexString(entry.AsSpan(3))); }
            catch (FormatException) { /* a malformed entry cannot match; others still may */ }
        }

        var valid = false;
        foreach (var secret in secrets)
        {
            var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
            // Compare every pair without stopping early, so timing says nothing about which entry matched.
            foreach (var candidate in candidates)
                valid |= CryptographicOperations.FixedTimeEquals(expected, candidate);
        }
        return valid;
    }

    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
