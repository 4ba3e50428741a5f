using System.Text;
using OpsBot.Ingest.PagerDuty;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Ingest.PagerDuty;

/// <summary>The go-pagerduty webhookv3 test vector: exact body bytes, secret, one valid and one mismatching signature.</summary>
public sealed class PagerDutySignatureTests
{
    private const string Valid = "v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd";
    private const string Mismatch = "v1=7020c8a7ec668a9b7012bc3dd82e483394b038f4230acc6785efbf2a7d8bcaf5";
    private const string OtherSecret = "not-the-subscription-secret";

    private static readonly string Secret = Fixtures.JsonElement("pagerduty-v3-signature-vector.json").GetProperty("secret").GetString()!;
    private static readonly byte[] Body = Fixtures.Bytes("pagerduty-v3-signed-body.go-pagerduty.json");

    private static bool IsValid(string? header, params string[] secrets) => PagerDutySignature.IsValid(Body, header, secrets);

    [Fact]
    public void Vector_FixtureIsTheExactSignedBytes()
    {
        var vector = Fixtures.JsonElement("pagerduty-v3-signature-vector.json");

        Assert.Equal(1655, Body.Length);
        Assert.NotEqual((byte)'\n', Body[^1]);
        Assert.Equal(Valid, vector.GetProperty("valid_X-PagerDuty-Signature").GetString());
        Assert.Equal(Mismatch, vector.GetProperty("mismatch_X-PagerDuty-Signature").GetString());
    }

    [Fact]
    public void Sign_ReproducesTheOfficialSignature()
    {
        Assert.Equal(Valid, PagerDutySignature.Sign(Body, Secret));
    }

    [Theory]
    [InlineData(Valid, true)]
    [InlineData(Mismatch, false)]
    [InlineData(Mismatch + "," + Valid, true)]                       // rotation: any entry may match
    [InlineData(Valid + "," + Mismatch, true)]
    [InlineData(Mismatch + "," + Mismatch, false)]
    [InlineData("v1=0C0B9495B893A39E70D1FEA2FE11FBE0A825F88B9F67846F6CC07DD2BC5476CD", true)] // hex case is irrelevant
    [InlineData("  " + Valid + "  ", true)]
    [InlineData(Mismatch + " , " + Valid + " ", true)]
    [InlineData("v2=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd", false)] // non-v1 entries ignored
    [InlineData("V1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd", false)]
    [InlineData("0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd", false)]
    [InlineData("v2=abc," + Valid, true)]
    [InlineData("v1=zz0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd", false)] // malformed hex
    [InlineData("v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476c", false)]  // odd length
    [InlineData("v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476", false)]   // truncated
    [InlineData("v1=not-hex," + Valid, true)]                        // a malformed entry does not spoil a good one
    [InlineData("v1=", false)]
    [InlineData(",,,", false)]
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData(null, false)]
    public void IsValid_WithTheSubscriptionSecret(string? header, bool expected)
    {
        Assert.Equal(expected, IsValid(header, Secret));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void IsValid_TwoSecretsConfigured_OneValid(bool validFirst)
    {
        string[] secrets = validFirst ? [Secret, OtherSecret] : [OtherSecret, Secret];

        Assert.True(IsValid(Valid, secrets));
        Assert.False(IsValid(Mismatch, secrets));
    }

    [Fact]
    public void IsValid_WrongSecretOnly_IsRejected()
    {
        Assert.False(IsValid(Valid, OtherSecret));
    }

    [Fact]
    public void IsValid_NoSecretsConfigured_IsRejected()
    {
        Assert.False(IsValid(Valid));
    }

    [Fact]
    public void IsValid_TamperedBody_IsRejected()
    {
        var tampered = (byte[])Body.Clone();
        tampered[tampered.Length / 2] ^= 0x01;

        Assert.False(PagerDutySignature.IsValid(tampered, Valid, [Secret]));
    }

    [Theory]
    [InlineData("\n")]    // a trailing newline added by an editor or a proxy
    [InlineData(" ")]
    public void IsValid_BodyWithAppendedBytes_IsRejected(string suffix)
    {
        var altered = Body.Concat(Encoding.UTF8.GetBytes(suffix)).ToArray();

        Assert.False(PagerDutySignature.IsValid(altered, Valid, [Secret]));
    }

    [Fact]
    public void IsValid_ReformattedBody_IsRejected()
    {
        // Same JSON document, different bytes: the signature covers the raw body, not its meaning.
        var reserialized = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
            Fixtures.JsonElement("pagerduty-v3-signed-body.go-pagerduty.json"), new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

        Assert.NotEqual(Body, reserialized);
        Assert.False(PagerDutySignature.IsValid(reserialized, Valid, [Secret]));
    }

    [Fact]
    public void Sign_ThenIsValid_RoundTripsForAnyBody()
    {
        var body = Encoding.UTF8.GetBytes("""{"event":{"event_type":"incident.triggered"}}""");
        var header = PagerDutySignature.Sign(body, OtherSecret);

        Assert.Matches("^v1=[0-9a-f]{64}$", header);
        Assert.True(PagerDutySignature.IsValid(body, header, [OtherSecret]));
        Assert.False(PagerDutySignature.IsValid(body, header, [Secret]));
    }
}
