using OpsBot.Routing.Matching;

namespace OpsBot.Tests.Routing.Matching;

public sealed class HostInventoryTests
{
    private static readonly HostInventory Inventory = new(
    [
        new HostEntry("db-*", "dba", "postgres", "prod"),
        new HostEntry("web-?", "web", "frontend", "prod"),
        new HostEntry("*.staging.example.com", "web", null, "staging"),
        new HostEntry("db-7", "storage", "ceph", "prod"),           // exact, listed after a glob that also covers it
        new HostEntry("*", "ops", null, null),                      // catch-all last
        new HostEntry("web-12", "legacy", "php", "prod"),
        new HostEntry("WEB-12", "duplicate", null, null),           // same name again: the first stays
    ]);

    [Theory]
    [InlineData("db-7", "storage")]           // exact beats the earlier glob db-*
    [InlineData("DB-7", "storage")]           // case-insensitive exact
    [InlineData("db-1", "dba")]
    [InlineData("DB-PRIMARY", "dba")]         // case-insensitive glob
    [InlineData("db-", "dba")]                // * takes an empty run
    [InlineData("web-1", "web")]
    [InlineData("web-12", "legacy")]          // ? is exactly one character, so web-? misses and the exact entry wins
    [InlineData("api.staging.example.com", "web")]
    [InlineData("a.b.staging.example.com", "web")]
    [InlineData("staging.example.com", "ops")] // the dot before staging is literal
    [InlineData("xdb-1", "ops")]              // globs are anchored at the start
    [InlineData("web-1x", "ops")]             // and at the end
    [InlineData("mail", "ops")]
    public void Find_PrefersExactNamesThenTheFirstMatchingGlob(string host, string team)
    {
        Assert.Equal(team, Inventory.Find(host)?.Team);
    }

    [Theory]
    [InlineData("web-12")]
    [InlineData("Web-12")]
    public void Find_ARepeatedExactNameKeepsItsFirstEntry(string host)
    {
        Assert.Equal("legacy", Inventory.Find(host)?.Team);
    }

    [Theory]
    [InlineData("db-1")]
    [InlineData("mail")]
    [InlineData("")]
    public void Find_WithoutAMatchingEntry_IsNull(string host)
    {
        var inventory = new HostInventory([new HostEntry("web-*", "web", null, null), new HostEntry("db-7", "dba", null, null)]);

        Assert.Null(inventory.Find(host));
    }

    [Theory]
    [InlineData("a*b*c", "abc", true)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxbyyd", false)]
    [InlineData("a*bc", "abcbc", true)]        // the * must give back characters after a false start
    [InlineData("*?", "", false)]
    [InlineData("*?", "x", true)]
    [InlineData("??", "x", false)]
    [InlineData("**", "", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    public void Glob_MatchesWholeNames(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, Glob.IsMatch(pattern, text));
    }

    [Fact]
    public void Entries_KeepsTheGivenOrder()
    {
        Assert.Equal(
            ["db-*", "web-?", "*.staging.example.com", "db-7", "*", "web-12", "WEB-12"],
            Inventory.Entries.Select(e => e.Pattern));
    }

    [Fact]
    public void Constructor_RejectsAnEmptyPattern()
    {
        var error = Assert.Throws<ArgumentException>(() => new HostInventory([new HostEntry("a", null, null, null), new HostEntry(" ", null, null, null)]));

        Assert.Contains("entry 2 has an empty pattern", error.Message);
    }
}
