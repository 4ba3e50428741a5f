using System.Text;
using System.Text.Json;
using OpsBot.Chat.Discord;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Chat.Discord;

public sealed class DiscordSignatureTests
{
    private const string Test1PublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    public static TheoryData<string> Rfc8032Vectors() => new(
        Fixtures.JsonElement("ed25519-rfc8032-vectors.json").GetProperty("vectors").EnumerateArray().Select(v => v.GetProperty("name").GetString()!));

    public static TheoryData<string> SignedRequests() => new(
        Fixtures.JsonElement("discord-signed-requests.json").GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(Rfc8032Vectors))]
    public void Verifies_rfc8032_vectors_with_the_public_key_alone(string name)
    {
        var vector = Find("ed25519-rfc8032-vectors.json", "vectors", name);
        var signature = new DiscordSignature(vector.GetProperty("public_key").GetString()!);
        var message = Convert.FromHexString(vector.GetProperty("message_hex").GetString()!);
        var signatureHex = vector.GetProperty("signature").GetString()!;

        Assert.True(signature.VerifyMessage(signatureHex, message));
        Assert.False(signature.VerifyMessage(Flip(signatureHex), message));
        Assert.False(signature.VerifyMessage(signatureHex, [.. message, 0]));
    }

    [Theory]
    [MemberData(nameof(SignedRequests))]
    public void Signed_discord_requests_verify_as_the_fixture_expects(string name)
    {
        var fixture = Fixtures.JsonElement("discord-signed-requests.json");
        var request = Find("discord-signed-requests.json", "cases", name);
        var signature = new DiscordSignature(fixture.GetProperty("public_key_hex").GetString()!);

        var valid = signature.Verify(
            request.GetProperty("X-Signature-Ed25519").GetString(),
            request.GetProperty("X-Signature-Timestamp").GetString(),
            Encoding.UTF8.GetBytes(request.GetProperty("body").GetString()!));

        Assert.Equal(request.GetProperty("expected").GetString() == "valid", valid);
    }

    [Fact]
    public void The_ping_fixture_file_is_the_signed_body_byte_for_byte()
    {
        var ping = Find("discord-signed-requests.json", "cases", "ping");
        var signature = new DiscordSignature(Test1PublicKey);

        Assert.True(signature.Verify(ping.GetProperty("X-Signature-Ed25519").GetString(), "1700000000", Fixtures.Bytes("discord-ping.json")));
    }

    [Theory]
    [InlineData(null, "1700000000")]
    [InlineData("", "1700000000")]
    [InlineData("f0bd878adcef1f6d475c9644421905bd02b5de38e0d3ecfc6f58a711962c69ccc8dd7c9db312f9bdf08b1e1b8182e27a844da728c5e0dbb5507bf9931c1ed80b", null)]
    [InlineData("f0bd878adcef1f6d475c9644421905bd02b5de38e0d3ecfc6f58a711962c69ccc8dd7c9db312f9bdf08b1e1b8182e27a844da728c5e0dbb5507bf9931c1ed80b", "")]
    [InlineData("zz0bd878adcef1f6d475c9644421905bd02b5de38e0d3ecfc6f58a711962c69ccc8dd7c9db312f9bdf08b1e1b8182e27a844da728c5e0dbb5507bf9931c1ed80", "1700000000")]
    [InlineData("f0bd878adcef1f6d475c9644421905bd02b5de38e0d3ecfc6f58a711962c69ccc8dd7c9db312f9bdf08b1e1b8182e27a844da728c5e0dbb5507bf9931c1ed8", "1700000000")]
    [InlineData("f0bd878adcef1f6d475c9644421905bd02b5de38e0d3ecfc6f58a711962c69ccc8dd7c9db312f9bdf08b1e1b8182e27a844da728c5e0dbb5507bf9931c1ed80b00", "1700000000")]
    [InlineData(" f0bd878adcef1f6d475c9644421905bd02b5de38e0d3ecfc6f58a711962c69ccc8dd7c9db312f9bdf08b1e1b8182e27a844da728c5e0dbb5507bf9931c1ed80", "1700000000")]
    [InlineData("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "1700000000")]
    public void Missing_or_malformed_headers_are_refused_without_throwing(string? signatureHex, string? timestamp)
    {
        var signature = new DiscordSignature(Test1PublicKey);

        Assert.False(signature.Verify(signatureHex, timestamp, Fixtures.Bytes("discord-ping.json")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511")]
    [InlineData("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a00")]
    [InlineData("x75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")]
    public void A_public_key_that_is_not_64_hex_characters_fails_at_construction(string key) =>
        Assert.Throws<FormatException>(() => new DiscordSignature(key));

    [Fact]
    public void A_key_that_is_no_curve_point_refuses_every_signature_without_throwing()
    {
        var signature = new DiscordSignature(new string('f', 64));
        var ping = Find("discord-signed-requests.json", "cases", "ping");

        Assert.False(signature.Verify(ping.GetProperty("X-Signature-Ed25519").GetString(), "1700000000", Fixtures.Bytes("discord-ping.json")));
    }

    private static string Flip(string hex) => (hex[0] == '0' ? '1' : '0') + hex[1..];

    private static JsonElement Find(string fixture, string list, string name) =>
        Fixtures.JsonElement(fixture).GetProperty(list).EnumerateArray().Single(v => v.GetProperty("name").GetString() == name);
}
