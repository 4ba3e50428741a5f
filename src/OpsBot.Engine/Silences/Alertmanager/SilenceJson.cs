using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpsBot.Routing.Matching;

namespace OpsBot.Silences.Alertmanager;

/// <summary>
/// The API v2 silence bodies (api/v2/openapi.yaml: postableSilence, gettableSilence, matcher), written and read
/// with JsonNode so that no DTO types mirror the schema. Shape errors throw <see cref="JsonException"/>.
/// </summary>
internal static class SilenceJson
{
    public static string Postable(IReadOnlyList<LabelMatcher> matchers, DateTimeOffset startsAt, DateTimeOffset endsAt, string createdBy, string comment)
    {
        var list = new JsonArray();
        foreach (var matcher in matchers)
        {
            list.Add(new JsonObject
            {
                ["name"] = matcher.Name,
                ["value"] = matcher.Value,
                ["isRegex"] = matcher.IsRegex,
                ["isEqual"] = matcher.IsEqual,
            });
        }
        return new JsonObject
        {
            ["matchers"] = list,
            ["startsAt"] = Timestamp(startsAt),
            ["endsAt"] = Timestamp(endsAt),
            ["createdBy"] = createdBy,
            ["comment"] = comment,
        }.ToJsonString();
    }

    public static string SilenceId(string body) =>
        String(JsonNode.Parse(body) as JsonObject ?? throw new JsonException("expected an object with silenceID"), "silenceID", "the answer");

    /// <summary>
    /// Silences whose matchers OpsBot cannot represent (say a regex that Go accepts and .NET does not) are left out
    /// rather than failing the whole list: one foreign silence must not hide all the others.
    /// </summary>
    public static IReadOnlyList<AlertmanagerSilence> Silences(string body)
    {
        var array = JsonNode.Parse(body) as JsonArray ?? throw new JsonException("expected an array of silences");
        var silences = new List<AlertmanagerSilence>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var where = $"silence {i}";
            var item = array[i] as JsonObject ?? throw new JsonException($"{where} is not an object");
            var status = item["status"] as JsonObject ?? throw new JsonException($"{where} has no status object");
            if (Matchers(item, where) is not { } matchers) continue;
            silences.Add(new AlertmanagerSilence(
                String(item, "id", where),
                String(status, "state", where),
                matchers,
                Time(item, "startsAt", where),
                Time(item, "endsAt", where),
                String(item, "createdBy", where),
                String(item, "comment", where)));
        }
        return silences;
    }

    private static List<LabelMatcher>? Matchers(JsonObject silence, string where)
    {
        var array = silence["matchers"] as JsonArray ?? throw new JsonException($"{where} has no matchers array");
        var matchers = new List<LabelMatcher>(array.Count);
        foreach (var node in array)
        {
            var item = node as JsonObject ?? throw new JsonException($"{where} has a matcher that is not an object");
            // isEqual came later to the API (negative matchers); absent means the positive operator.
            var op = (Bool(item, "isRegex", false), Bool(item, "isEqual", true)) switch
            {
                (false, true) => MatchOp.Equal,
                (false, false) => MatchOp.NotEqual,
                (true, true) => MatchOp.Regex,
                (true, false) => MatchOp.NotRegex,
            };
            try
            {
                matchers.Add(LabelMatcher.Create(String(item, "name", where), op, String(item, "value", where)));
            }
            catch (FormatException)
            {
                return null;
            }
        }
        return matchers;
    }

    // Go's time.Parse takes up to nine fractional digits; seven keep every tick of the DateTimeOffset.
    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string String(JsonObject item, string key, string where) =>
        item[key] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new JsonException($"{where}: '{key}' is missing or not a string");

    private static DateTimeOffset Time(JsonObject item, string key, string where) =>
        item[key] is JsonValue value && value.TryGetValue<DateTimeOffset>(out var time)
            ? time
            : throw new JsonException($"{where}: '{key}' is missing or not a timestamp");

    private static bool Bool(JsonObject item, string key, bool absent) => item[key] switch
    {
        null => absent,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        _ => throw new JsonException($"matcher '{key}' is not a boolean"),
    };
}
