using OpsBot.Routing.Matching;

namespace OpsBot.Tests.Routing.Matching;

public sealed class LabelMatcherParseTests
{
    [Theory]
    [InlineData("severity=critical", "severity", MatchOp.Equal, "critical")]
    [InlineData("severity!=info", "severity", MatchOp.NotEqual, "info")]
    [InlineData("job=~api|web", "job", MatchOp.Regex, "api|web")]
    [InlineData("job!~batch.*", "job", MatchOp.NotRegex, "batch.*")]
    [InlineData("  severity  =  critical  ", "severity", MatchOp.Equal, "critical")]
    [InlineData("job =~ \"api|web\"", "job", MatchOp.Regex, "api|web")]
    [InlineData("job!~ \"a b\" ", "job", MatchOp.NotRegex, "a b")]
    [InlineData("_private_1=x", "_private_1", MatchOp.Equal, "x")]
    [InlineData("team=", "team", MatchOp.Equal, "")]
    [InlineData("team!=\"\"", "team", MatchOp.NotEqual, "")]
    [InlineData("summary=disk almost full", "summary", MatchOp.Equal, "disk almost full")]
    public void Parse_ReadsNameOperatorAndValue(string text, string name, MatchOp op, string value)
    {
        var matcher = LabelMatcher.Parse(text);

        Assert.Equal((name, op, value), (matcher.Name, matcher.Op, matcher.Value));
    }

    [Theory]
    [InlineData("severity=\"critical\"", "critical")]
    [InlineData("msg=\"say \\\"hi\\\"\"", "say \"hi\"")]
    [InlineData("path=\"C:\\\\temp\"", @"C:\temp")]
    [InlineData("msg=\"line1\\nline2\"", "line1\nline2")]
    [InlineData("msg=\"a, b = c\"", "a, b = c")]
    [InlineData("msg=\"=starts with equals\"", "=starts with equals")]
    [InlineData("msg=\"{braced}\"", "{braced}")]
    [InlineData("re=~\"web-\\\\d+\"", @"web-\d+")]
    public void Parse_UnquotesQuotedValues(string text, string value)
    {
        Assert.Equal(value, LabelMatcher.Parse(text).Value);
    }

    [Theory]
    [InlineData("sev==x", "matcher 'sev==x': unexpected '=' after operator '='")]
    [InlineData("sev=~~x", "matcher 'sev=~~x': unexpected '~' after operator '=~'")]
    [InlineData("", "matcher '': empty matcher")]
    [InlineData("   ", "matcher '   ': empty matcher")]
    [InlineData("=x", "matcher '=x': missing label name before '='")]
    [InlineData("\"sev\"=x", "matcher '\"sev\"=x': missing label name before '\"'")]
    [InlineData("severity", "matcher 'severity': missing operator after label name 'severity'")]
    [InlineData("severity critical", "matcher 'severity critical': unexpected 'c' after label name 'severity'")]
    [InlineData("sev!x", "matcher 'sev!x': unexpected '!' after label name 'sev'")]
    [InlineData("1sev=x", "matcher '1sev=x': invalid label name '1sev': must match [a-zA-Z_][a-zA-Z0-9_]*")]
    [InlineData("se-v=x", "matcher 'se-v=x': invalid label name 'se-v'")]
    [InlineData("sev.x=x", "matcher 'sev.x=x': invalid label name 'sev.x'")]
    [InlineData("sev=\"x", "matcher 'sev=\"x': unterminated quoted value")]
    [InlineData("sev=\"x\\", "matcher 'sev=\"x\\': unterminated quoted value")]
    [InlineData("sev=\"x\" y", "matcher 'sev=\"x\" y': unexpected 'y' after the closing quote")]
    [InlineData("sev=\"\\d\"", "matcher 'sev=\"\\d\"': unknown escape '\\d' in quoted value")]
    [InlineData("sev=a\"b", "matcher 'sev=a\"b': a bare value cannot contain '\"'")]
    [InlineData("sev=a,b=c", "matcher 'sev=a,b=c': a bare value cannot contain ','")]
    [InlineData("sev=x}", "matcher 'sev=x}': a bare value cannot contain '}'")]
    [InlineData("job=~(", "matcher 'job=~(': invalid regular expression: ")]
    [InlineData("job!~\"[a-\"", "matcher 'job!~\"[a-\"': invalid regular expression: ")]
    [InlineData("job=~\"a{2,1}\"", "matcher 'job=~\"a{2,1}\"': invalid regular expression: ")]
    [InlineData("job=~a{2,3}", "matcher 'job=~a{2,3}': a bare value cannot contain '{' (quote the whole value)")]
    public void Parse_RejectsWithAMessageNamingTheTextAndTheProblem(string text, string messageStart)
    {
        var error = Assert.Throws<FormatException>(() => LabelMatcher.Parse(text));

        Assert.StartsWith(messageStart, error.Message);
    }

    [Fact]
    public void Parse_InvalidRegex_SaysWhatIsWrongInTermsOfThePatternAsWritten()
    {
        var error = Assert.Throws<FormatException>(() => LabelMatcher.Parse("job=~("));

        // The anchoring wrapper \A(?:...)\z is an implementation detail and must not leak into the message.
        Assert.Contains("'('", error.Message);
        Assert.DoesNotContain(@"\A(?:", error.Message);
    }

    [Theory]
    [InlineData(@"x=~(a)\1")]      // backreference
    [InlineData("x=~\"a(?=b)\"")]  // lookahead
    [InlineData("x=~(?<!a)b")]     // lookbehind
    public void Parse_RejectsConstructsAlertmanagersRe2RejectsToo(string text)
    {
        var error = Assert.Throws<FormatException>(() => LabelMatcher.Parse(text));

        Assert.StartsWith($"matcher '{text}': invalid regular expression: ", error.Message);
    }

    [Fact]
    public void Parse_RegexWithParenthesesThatOnlyBalanceInsideTheAnchors_IsAcceptedAsAlertmanagerDoes()
    {
        // Alertmanager compiles "^(?:" + value + ")$", so `a)|(b` is valid there; the same holds here.
        var matcher = LabelMatcher.Parse("x=~a)|(b");

        Assert.True(matcher.Matches(new Dictionary<string, string> { ["x"] = "a" }));
    }

    [Fact]
    public void Parse_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => LabelMatcher.Parse(null!));
    }
}
