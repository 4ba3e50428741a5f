using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OpsBot.Chat.Slack;

public enum SlackSignatureStatus { Valid, MissingHeaders, BadTimestamp, Stale, BadSignature }

/// <summary>The verdict on a request and, for the log, why; the reason never contains the expected signature.</summary>
public sealed record SlackSignatureResult(SlackSignatureStatus Status, string Reason)
{
    public bool IsValid => Status == SlackSignatureStatus.Valid;
}

/// <summary>
/// Verifies X-Slack-Signature: "v0=" + lower-hex HMAC-SHA256 of "v0:{X-Slack-Request-Timestamp}:{raw body}", keyed by
/// the signing secret's UTF-8 bytes, and refuses requests more than five minutes from now so a captured one cannot be replayed.
/// </summary>
public static class SlackSignature
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private const string Version = "v0";

    public static SlackSignatureResult Verify(string signingSecret, string? timestampHeader, string? signatureHeader,
        ReadOnlySpan<byte> rawBody, DateTimeOffset now)
    {
        // An empty secret would make every attacker's signature computable: a configuration error, not a bad request.
        ArgumentException.ThrowIfNullOrEmpty(signingSecret);

        if (string.IsNullOrWhiteSpace(timestampHeader) || string.IsNullOrWhiteSpace(signatureHeader))
        {
            var missing = string.IsNullOrWhiteSpace(timestampHeader) ? "X-Slack-Request-Timestamp" : "X-Slack-Signature";
            return new(SlackSignatureStatus.MissingHeaders, $"{missing} is missing");
        }

        // NumberStyles.None: digits only, so no sign, spaces or exponent sneak different text past the same number.
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
            return new(SlackSignatureStatus.BadTimestamp, $"X-Slack-Request-Timestamp '{Excerpt(timestampHeader)}' is not Unix seconds");

        var age = now.ToUnixTimeSeconds() - timestamp;
        if (Math.Abs(age) > (long)MaxAge.TotalSeconds)
            return new(SlackSignatureStatus.Stale, $"X-Slack-Request-Timestamp {timestamp} is {age} s from now; at most {MaxAge.TotalSeconds:0} s allowed");

        var expected = Encoding.ASCII.GetBytes(Sign(signingSecret, timestampHeader, rawBody));
        var actual = Encoding.UTF8.GetBytes(signatureHeader);
        return CryptographicOperations.FixedTimeEquals(expected, actual)
            ? new(SlackSignatureStatus.Valid, "signature matches")
            : new(SlackSignatureStatus.BadSignature, $"X-Slack-Signature '{Excerpt(signatureHeader)}' does not match the body and timestamp");
    }

    /// <summary>The header value Slack would send; for tests and for a local fake Slack.</summary>
    public static string Sign(string signingSecret, string timestamp, ReadOnlySpan<byte> rawBody)
    {
        var prefix = Encoding.UTF8.GetBytes($"{Version}:{timestamp}:");
        var message = new byte[prefix.Length + rawBody.Length];
        prefix.CopyTo(message, 0);
        rawBody.CopyTo(message.AsSpan(prefix.Length));
        return Version + "=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), message));
    }

    private static string Excerpt(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
