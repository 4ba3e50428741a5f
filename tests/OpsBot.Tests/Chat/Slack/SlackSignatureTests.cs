using System.Text;
using OpsBot.Chat.Slack;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Chat.Slack;

/// <summary>Against Slack's documented worked example (slack-signing-vector.json) and the signed block_actions form.</summary>
public sealed class SlackSignatureTests
{
    private static readonly string Secret = Vector.GetProperty("signing_secret").GetString()!;
    private static readonly string Timestamp = Vector.GetProperty("X-Slack-Request-Timestamp").GetString()!;
    private static readonly string Signature = Vector.GetProperty("X-Slack-Signature").GetString()!;
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(Timestamp));
    private static readonly byte[] Body = Fixtures.Bytes("slack-slash-command.txt");

    private static System.Text.Json.JsonElement Vector => Fixtures.JsonElement("slack-signing-vector.json");

    [Fact]
    public void TheFixtureBody_IsTheExactBytesSlackSigned()
    {
        Assert.Equal(362, Body.Length);
        Assert.Equal(Vector.GetProperty("body").GetString(), Encoding.UTF8.GetString(Body));
    }

    [Fact]
    public void DocsExample_AtItsOwnTime_IsValid()
    {
        var result = SlackSignature.Verify(Secret, Timestamp, Signature, Body, SignedAt);

        Assert.Equal(SlackSignatureStatus.Valid, result.Status);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Sign_ReproducesTheDocsSignature() => Assert.Equal(Signature, SlackSignature.Sign(Secret, Timestamp, Body));

    [Fact]
    public void SignedBlockActionsForm_IsValid()
    {
        var vector = Fixtures.JsonElement("slack-block-actions.signed-vector.json");
        var body = Fixtures.Bytes(vector.GetProperty("body_file").GetString()!);

        var result = SlackSignature.Verify(vector.GetProperty("signing_secret").GetString()!, vector.GetProperty("X-Slack-Request-Timestamp").GetString(),
            vector.GetProperty("X-Slack-Signature").GetString(), body, SignedAt);

        Assert.Equal(SlackSignatureStatus.Valid, result.Status);
    }

    [Theory]
    [InlineData(300, SlackSignatureStatus.Valid)]
    [InlineData(-300, SlackSignatureStatus.Valid)]
    [InlineData(301, SlackSignatureStatus.Stale)]
    [InlineData(-301, SlackSignatureStatus.Stale)]
    public void FiveMinuteWindow_BothWays(int secondsLater, SlackSignatureStatus expected) =>
        Assert.Equal(expected, SlackSignature.Verify(Secret, Timestamp, Signature, Body, SignedAt.AddSeconds(secondsLater)).Status);

    [Fact]
    public void DocsExample_AtTodaysTime_IsStale()
    {
        var result = SlackSignature.Verify(Secret, Timestamp, Signature, Body, DateTimeOffset.UtcNow);

        Assert.Equal(SlackSignatureStatus.Stale, result.Status);
        Assert.Contains("X-Slack-Request-Timestamp", result.Reason);
    }

    [Fact]
    public void TamperedBody_IsBadSignature()
    {
        var tampered = Body.Concat("------"u8.ToArray()).ToArray();

        Assert.Equal(SlackSignatureStatus.BadSignature, SlackSignature.Verify(Secret, Timestamp, Signature, tampered, SignedAt).Status);
    }

    [Fact]
    public void WrongSecret_IsBadSignature() =>
        Assert.Equal(SlackSignatureStatus.BadSignature, SlackSignature.Verify("8f742231b10e8888abcd99yyyzzz85a6", Timestamp, Signature, Body, SignedAt).Status);

    [Fact]
    public void SignatureOfAnotherTimestamp_IsBadSignature()
    {
        var other = (long.Parse(Timestamp) + 1).ToString();

        Assert.Equal(SlackSignatureStatus.BadSignature, SlackSignature.Verify(Secret, other, Signature, Body, SignedAt).Status);
    }

    [Theory]
    [InlineData("V0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("v0=A2114D57B48EAC39B9AD189DD8316235A7B4A8D21A10BD27519666489C69B503")]
    [InlineData("a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b50")]
    [InlineData(" v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("v0=")]
    public void AnythingButTheExactLowercaseValue_IsBadSignature(string header)
    {
        // Slack sends exactly "v0=" and lower hex, as its SDKs compare; a variant is not Slack.
        var result = SlackSignature.Verify(Secret, Timestamp, header, Body, SignedAt);

        Assert.Equal(SlackSignatureStatus.BadSignature, result.Status);
        Assert.DoesNotContain(Signature[3..], result.Reason.Replace(header, ""));
    }

    [Theory]
    [InlineData(null, "v0=ab")]
    [InlineData("", "v0=ab")]
    [InlineData("1531420618", null)]
    [InlineData("1531420618", "")]
    [InlineData("1531420618", "   ")]
    public void MissingHeader_IsMissingHeaders(string? timestamp, string? signature)
    {
        var result = SlackSignature.Verify(Secret, timestamp, signature, Body, SignedAt);

        Assert.Equal(SlackSignatureStatus.MissingHeaders, result.Status);
        Assert.Contains(timestamp is null or "" ? "X-Slack-Request-Timestamp" : "X-Slack-Signature", result.Reason);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("-1531420618")]
    [InlineData("+1531420618")]
    [InlineData("1531420618.5")]
    [InlineData(" 1531420618")]
    [InlineData("1.5e9")]
    [InlineData("99999999999999999999999")]
    public void TimestampThatIsNotUnixSeconds_IsBadTimestamp(string timestamp) =>
        Assert.Equal(SlackSignatureStatus.BadTimestamp, SlackSignature.Verify(Secret, timestamp, Signature, Body, SignedAt).Status);

    [Fact]
    public void HugeTimestamp_IsStaleWithoutOverflow() =>
        Assert.Equal(SlackSignatureStatus.Stale, SlackSignature.Verify(Secret, long.MaxValue.ToString(), Signature, Body, SignedAt).Status);

    [Fact]
    public void EmptySecret_IsAConfigurationError() =>
        Assert.Throws<ArgumentException>(() => SlackSignature.Verify("", Timestamp, Signature, Body, SignedAt));
}
