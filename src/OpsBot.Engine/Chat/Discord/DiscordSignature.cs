using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace OpsBot.Chat.Discord;

/// <summary>
/// Checks the Ed25519 signature Discord puts on every interaction it sends over HTTP
/// (<c>X-Signature-Ed25519</c> over <c>UTF8(X-Signature-Timestamp) ‖ raw body</c>). Discord documents no freshness
/// window and probes endpoints with bad signatures, so the only job here is a strict yes/no.
/// </summary>
public sealed class DiscordSignature(string publicKeyHex)
{
    private const int KeyLength = 32;
    private const int SignatureLength = 64;

    // A misconfigured key must stop startup, not turn every interaction into a 401 that looks like an attack.
    private readonly Ed25519PublicKeyParameters _key = new(
        FromHex(publicKeyHex?.Trim(), KeyLength)
            ?? throw new FormatException($"The Discord public key must be {KeyLength * 2} hex characters (the application's public key from the developer portal)"),
        0);

    /// <returns>True only for a well-formed signature that matches; never throws on what a caller sends.</returns>
    public bool Verify(string? signatureHex, string? timestamp, ReadOnlySpan<byte> rawBody)
    {
        if (string.IsNullOrEmpty(timestamp)) return false;
        var message = new byte[Encoding.UTF8.GetByteCount(timestamp) + rawBody.Length];
        var written = Encoding.UTF8.GetBytes(timestamp, message);
        rawBody.CopyTo(message.AsSpan(written));
        return VerifyMessage(signatureHex, message);
    }

    /// <summary>Plain Ed25519 over <paramref name="message"/>, as RFC 8032 states its test vectors.</summary>
    internal bool VerifyMessage(string? signatureHex, byte[] message)
    {
        var signature = FromHex(signatureHex, SignatureLength);
        if (signature is null) return false;
        // Ed25519Signer buffers the message, so one per call keeps this safe to share between requests.
        var signer = new Ed25519Signer();
        signer.Init(false, _key);
        signer.BlockUpdate(message, 0, message.Length);
        return signer.VerifySignature(signature);
    }

    private static byte[]? FromHex(string? hex, int length)
    {
        if (hex is null || hex.Length != length * 2) return null;
        foreach (var c in hex)
            if (!char.IsAsciiHexDigit(c)) return null;
        return Convert.FromHexString(hex);
    }
}
