using System.Net;
using System.Text.Json;
using OpsBot.Routing.Matching;
using OpsBot.Silences.Alertmanager;

namespace OpsBot.Tests.Silences.Alertmanager;

/// <summary>Request shapes and answer handling that a healthy Alertmanager cannot be made to show.</summary>
public sealed class AlertmanagerSilenceClientRequestTests
{
    private static (AlertmanagerSilenceClient Client, StubHandler Handler) Stub(string baseAddress, HttpStatusCode status = HttpStatusCode.OK, string body = "[]")
    {
        var handler = new StubHandler(status, body);
        return (new AlertmanagerSilenceClient(new HttpClient(handler) { BaseAddress = new Uri(baseAddress) }), handler);
    }

    [Theory]
    [InlineData("http://am:9093", "http://am:9093/api/v2/silences")]
    [InlineData("http://am:9093/", "http://am:9093/api/v2/silences")]
    [InlineData("https://proxy/alertmanager", "https://proxy/alertmanager/api/v2/silences")]
    [InlineData("https://proxy/alertmanager/", "https://proxy/alertmanager/api/v2/silences")]
    [InlineData("https://proxy/a/b?tenant=x", "https://proxy/a/b/api/v2/silences")]
    public async Task ListAsync_KeepsThePathPrefixOfTheBaseAddress(string baseAddress, string expected)
    {
        var (client, handler) = Stub(baseAddress);

        await client.ListAsync(CancellationToken.None);

        Assert.Equal(expected, Assert.Single(handler.Requests).Uri.AbsoluteUri);
    }

    [Fact]
    public async Task ExpireAsync_DeletesTheSilenceByItsEscapedId()
    {
        var (client, handler) = Stub("http://am:9093/prefix");

        await client.ExpireAsync("a b/c", CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Delete, request.Method);
        Assert.Equal("http://am:9093/prefix/api/v2/silence/a%20b%2Fc", request.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task CreateAsync_PostsThePostableSilenceSchema()
    {
        var (client, handler) = Stub("http://am:9093/", body: """{"silenceID":"7e1c"}""");
        var matchers = Matchers.ParseSet("{a=\"1\", b!=\"2\", c=~\"3\", d!~\"4\"}");
        var starts = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(2));

        var id = await client.CreateAsync(matchers, starts, starts.AddHours(1).AddTicks(1), "bot", "why", CancellationToken.None);

        Assert.Equal("7e1c", id);
        var request = Assert.Single(handler.Requests);
        Assert.Equal((HttpMethod.Post, "http://am:9093/api/v2/silences"), (request.Method, request.Uri.AbsoluteUri));
        using var json = JsonDocument.Parse(request.Body!);
        var root = json.RootElement;
        Assert.Equal(
            ["a=1:False:True", "b=2:False:False", "c=3:True:True", "d=4:True:False"],
            root.GetProperty("matchers").EnumerateArray().Select(m =>
                $"{m.GetProperty("name")}={m.GetProperty("value")}:{m.GetProperty("isRegex")}:{m.GetProperty("isEqual")}".Replace("true", "True").Replace("false", "False")));
        Assert.Equal("2026-03-01T08:00:00.0000000Z", root.GetProperty("startsAt").GetString());
        Assert.Equal("2026-03-01T09:00:00.0000001Z", root.GetProperty("endsAt").GetString());
        Assert.Equal(("bot", "why"), (root.GetProperty("createdBy").GetString(), root.GetProperty("comment").GetString()));
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "")]
    [InlineData(HttpStatusCode.InternalServerError, "\"silence not found\"")]
    public async Task ExpireAsync_ASilenceAlertmanagerNoLongerKnows_IsDone(HttpStatusCode status, string body)
    {
        var (client, _) = Stub("http://am:9093/", status, body);

        await client.ExpireAsync("5f2b", CancellationToken.None);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "\"disk full\"")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "")]
    [InlineData(HttpStatusCode.Unauthorized, "no token")]
    public async Task ExpireAsync_OtherErrors_Throw(HttpStatusCode status, string body)
    {
        var (client, _) = Stub("http://am:9093/", status, body);

        var error = await Assert.ThrowsAsync<AlertmanagerUnavailableException>(() => client.ExpireAsync("5f2b", CancellationToken.None));

        Assert.Equal(status, error.StatusCode);
        Assert.Contains($"DELETE http://am:9093/api/v2/silence/5f2b with {(int)status}", error.Message);
    }

    [Fact]
    public async Task Errors_QuoteTheFirst200CharactersOfTheBody()
    {
        var body = new string('x', 200) + "TAIL";
        var (client, _) = Stub("http://am:9093/", HttpStatusCode.BadGateway, body);

        var error = await Assert.ThrowsAsync<AlertmanagerUnavailableException>(() => client.ListAsync(CancellationToken.None));

        Assert.Contains("with 502 Bad Gateway: " + new string('x', 200), error.Message);
        Assert.DoesNotContain("TAIL", error.Message);
    }

    [Theory]
    [InlineData("<html>proxy login</html>")]
    [InlineData("{\"silences\":[]}")]
    [InlineData("[{\"id\":\"1\",\"matchers\":[]}]")]
    [InlineData("[{\"id\":\"1\",\"status\":{\"state\":\"active\"},\"matchers\":[],\"startsAt\":\"soon\",\"endsAt\":\"2026-01-01T00:00:00Z\",\"createdBy\":\"a\",\"comment\":\"b\"}]")]
    public async Task ListAsync_AnUnreadableBody_Throws(string body)
    {
        var (client, _) = Stub("http://am:9093/", HttpStatusCode.OK, body);

        var error = await Assert.ThrowsAsync<AlertmanagerUnavailableException>(() => client.ListAsync(CancellationToken.None));

        Assert.Contains("with 200 but an unexpected body", error.Message);
    }

    [Fact]
    public async Task ListAsync_LeavesOutOnlySilencesWhoseMatchersOpsBotCannotRepresent()
    {
        const string body = """
            [
              {"id":"go-only","status":{"state":"active"},"matchers":[{"name":"x","value":"(?P<n>a)","isRegex":true}],
               "startsAt":"2026-01-01T00:00:00.000Z","endsAt":"2026-01-01T01:00:00.000Z","createdBy":"amtool","comment":"named group"},
              {"id":"plain","status":{"state":"expired"},"matchers":[{"name":"job","value":"api|web","isRegex":true,"isEqual":false},{"name":"env","value":"prod","isRegex":false}],
               "startsAt":"2026-01-01T00:00:00.000Z","endsAt":"2026-01-01T01:00:00.000Z","createdBy":"bot","comment":"kept"}
            ]
            """;
        var (client, _) = Stub("http://am:9093/", HttpStatusCode.OK, body);

        var silence = Assert.Single(await client.ListAsync(CancellationToken.None));

        Assert.Equal(("plain", "expired", "bot", "kept"), (silence.Id, silence.State, silence.CreatedBy, silence.Comment));
        Assert.Equal(Matchers.ParseSet("{job!~\"api|web\", env=\"prod\"}"), silence.Matchers);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.Zero), silence.EndsAt);
    }

    [Fact]
    public async Task AMissingBaseAddress_IsAProgrammingError()
    {
        var client = new AlertmanagerSilenceClient(new HttpClient(new StubHandler(HttpStatusCode.OK, "[]")));

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.ListAsync(CancellationToken.None));
    }
}
