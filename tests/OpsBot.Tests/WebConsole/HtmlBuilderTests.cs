using OpsBot.WebConsole;

namespace OpsBot.Tests.WebConsole;

public class HtmlBuilderTests
{
    [Fact]
    public void Text_and_attributes_are_encoded()
    {
        var html = new HtmlBuilder().Element("p", "<script>alert('x')</script> & \"q\"", ("title", "\"><script>")).ToString();

        Assert.DoesNotContain("<script", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("title=\"&quot;&gt;&lt;script&gt;\"", html);
        Assert.Contains("&amp;", html);
    }

    [Fact]
    public void Null_and_false_attributes_are_left_out()
    {
        var html = new HtmlBuilder().Empty("input", ("disabled", true), ("hidden", false), ("title", null)).ToString();

        Assert.Equal("<input disabled />", html);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("//evil.example/x")]
    [InlineData("data:text/html,hi")]
    public void Links_only_keep_local_or_http_addresses(string href)
    {
        var html = new HtmlBuilder().Link(href, "x").ToString();

        Assert.Equal("<a href=\"#\">x</a>", html);
    }

    [Fact]
    public void Tag_names_cannot_carry_markup() =>
        Assert.Throws<ArgumentException>(() => new HtmlBuilder().Open("p onclick=x"));

    [Fact]
    public void Numbers_are_written_in_the_invariant_culture() =>
        Assert.Equal("<rect width=\"12.5\" />", new HtmlBuilder().Empty("rect", ("width", 12.5)).ToString());
}
