using System.Diagnostics;
using System.Text.RegularExpressions;
using OpsBot.Routing.Matching;

namespace OpsBot.Tests.Routing.Matching;

public sealed class LabelMatcherTests
{
    private static Dictionary<string, string> Labels(string? value) =>
        value is null ? new Dictionary<string, string> { ["other"] = "x" } : new Dictionary<string, string> { ["l"] = value, ["other"] = "x" };

    [Theory]
    [InlineData("l=web", "web", true)]
    [InlineData("l=web", "Web", false)]
    [InlineData("l=web", "web-1", false)]
    [InlineData("l!=web", "web", false)]
    [InlineData("l!=web", "db", true)]
    [InlineData("l=~web", "web", true)]
    [InlineData("l=~web", "web-1", false)]           // anchored at the end
    [InlineData("l=~web", "my-web", false)]          // anchored at the start
    [InlineData("l=~web", "web\n", false)]           // $ would accept a final newline; \z does not
    [InlineData("l=~web.*", "web-1", true)]
    [InlineData("l=~api|web", "web", true)]          // alternation stays inside the anchors
    [InlineData("l=~api|web", "api-web", false)]
    [InlineData("l=~(?i)WEB", "web", true)]
    [InlineData("l!~web", "web", false)]
    [InlineData("l!~web", "web-1", true)]
    [InlineData("l!~api|web", "db", true)]
    [InlineData("l=~\"web-[0-9]+\"", "web-12", true)]
    [InlineData("l=~\"web-[0-9]+\"", "web-", false)]
    public void Matches_AppliesTheOperatorToThePresentLabel(string matcher, string value, bool expected)
    {
        Assert.Equal(expected, LabelMatcher.Parse(matcher).Matches(Labels(value)));
    }

    [Theory]
    [InlineData("l=", true)]
    [InlineData("l=\"\"", true)]
    [InlineData("l!=\"\"", false)]
    [InlineData("l=web", false)]
    [InlineData("l!=web", true)]
    [InlineData("l=~.*", true)]
    [InlineData("l=~.+", false)]
    [InlineData("l!~.+", true)]
    [InlineData("l!~.*", false)]
    public void Matches_TreatsAMissingLabelAsTheEmptyString(string matcher, bool expected)
    {
        Assert.Equal(expected, LabelMatcher.Parse(matcher).Matches(Labels(null)));
        Assert.Equal(expected, LabelMatcher.Parse(matcher).Matches(Labels("")));
    }

    [Fact]
    public void Matches_APathologicalRegex_AnswersQuicklyWithoutAMatch()
    {
        // Catastrophic for a backtracking engine: each extra 'a' doubles the work.
        var matcher = LabelMatcher.Parse("l=~(a+)+b");
        var watch = Stopwatch.StartNew();

        var matched = matcher.Matches(Labels(new string('a', 5000) + "c"));

        Assert.False(matched);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public void TryMatch_ATimedOutEvaluation_IsNeitherMatchNorMismatch()
    {
        var slow = new Regex(@"\A(?:(a+)+b)\z", RegexOptions.None, TimeSpan.FromMilliseconds(1));

        Assert.Null(MatcherRules.TryMatch(slow, new string('a', 40) + "c"));
    }

    [Theory]
    [InlineData("severity", MatchOp.Equal, "critical", "severity=\"critical\"")]
    [InlineData("severity", MatchOp.NotEqual, "info", "severity!=\"info\"")]
    [InlineData("job", MatchOp.Regex, "api|web", "job=~\"api|web\"")]
    [InlineData("job", MatchOp.NotRegex, "batch.*", "job!~\"batch.*\"")]
    [InlineData("msg", MatchOp.Equal, "say \"hi\"", "msg=\"say \\\"hi\\\"\"")]
    [InlineData("path", MatchOp.Regex, @"C:\\temp\d", "path=~\"C:\\\\\\\\temp\\\\d\"")]
    [InlineData("msg", MatchOp.Equal, "a\nb", "msg=\"a\\nb\"")]
    [InlineData("team", MatchOp.Equal, "", "team=\"\"")]
    public void ToString_IsCanonicalAndParsesBackToAnEqualMatcher(string name, MatchOp op, string value, string canonical)
    {
        var matcher = LabelMatcher.Create(name, op, value);

        Assert.Equal(canonical, matcher.ToString());
        Assert.Equal(matcher, LabelMatcher.Parse(matcher.ToString()));
    }

    [Theory]
    [InlineData("sev = critical")]
    [InlineData("msg=\"a, b\"")]
    [InlineData("job!~ api|web ")]
    [InlineData("x=~\"[\\\"\\\\\\\\]\"")]
    public void ParsedText_RoundTripsThroughToString(string text)
    {
        var matcher = LabelMatcher.Parse(text);

        Assert.Equal(matcher, LabelMatcher.Parse(matcher.ToString()));
    }

    [Theory]
    [InlineData(MatchOp.Equal, false, true)]
    [InlineData(MatchOp.NotEqual, false, false)]
    [InlineData(MatchOp.Regex, true, true)]
    [InlineData(MatchOp.NotRegex, true, false)]
    public void IsRegexAndIsEqual_FollowAlertmanagersApiFields(MatchOp op, bool isRegex, bool isEqual)
    {
        var matcher = LabelMatcher.Create("l", op, "v");

        Assert.Equal((isRegex, isEqual), (matcher.IsRegex, matcher.IsEqual));
    }

    [Theory]
    [InlineData("", MatchOp.Equal, "x", "matcher '=\"x\"': missing label name")]
    [InlineData("9lives", MatchOp.Equal, "x", "matcher '9lives=\"x\"': invalid label name '9lives'")]
    [InlineData("a b", MatchOp.NotEqual, "x", "matcher 'a b!=\"x\"': invalid label name 'a b'")]
    [InlineData("job", MatchOp.Regex, "(", "matcher 'job=~\"(\"': invalid regular expression: ")]
    [InlineData("job", MatchOp.NotRegex, "*", "matcher 'job!~\"*\"': invalid regular expression: ")]
    public void Create_ValidatesLikeParse(string name, MatchOp op, string value, string messageStart)
    {
        var error = Assert.Throws<FormatException>(() => LabelMatcher.Create(name, op, value));

        Assert.StartsWith(messageStart, error.Message);
    }

    [Fact]
    public void Constructor_ValidatesToo()
    {
        Assert.Throws<FormatException>(() => new LabelMatcher("job", MatchOp.Regex, "("));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LabelMatcher("job", (MatchOp)42, "x"));
        Assert.Throws<ArgumentNullException>(() => new LabelMatcher("job", MatchOp.Equal, null!));
    }

    [Fact]
    public void Equality_IsByNameOperatorAndValue()
    {
        var a = LabelMatcher.Parse("job=~api|web");
        var b = LabelMatcher.Parse("job =~ \"api|web\"");

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, LabelMatcher.Parse("job!~api|web"));
        Assert.NotEqual(a, LabelMatcher.Parse("job=~api"));
        Assert.NotEqual(a, LabelMatcher.Parse("jobs=~api|web"));
    }
}
