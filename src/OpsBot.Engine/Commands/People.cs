using OpsBot.Routing.Model;

namespace OpsBot.Commands;

/// <summary>Someone OpsBot knows from the teams file: the member id, the teams they belong to and their highest role.</summary>
public sealed record Person(string Id, string Name, Role Role, IReadOnlySet<string> Teams)
{
    public bool IsAdmin => Role == Role.Admin;
}

/// <summary>Maps chat user ids (Slack U…, Discord snowflakes) to people, from the members listed in the teams file.</summary>
public sealed class People
{
    private readonly Dictionary<(string Platform, string UserId), Person> _byChatId = new();

    public People(RoutingModel model)
    {
        var found = new Dictionary<(string, string), (Member Member, Role Role, HashSet<string> Teams)>();
        foreach (var team in model.Teams.Values)
        {
            foreach (var member in team.Members.Values)
            {
                var role = team.Roles.GetValueOrDefault(member.Id, Role.Responder);
                foreach (var key in ChatIds(member))
                {
                    if (!found.TryGetValue(key, out var entry)) found[key] = entry = (member, role, new HashSet<string>(StringComparer.OrdinalIgnoreCase));
                    entry.Teams.Add(team.Name);
                    if (role > entry.Role) found[key] = entry with { Role = role };
                }
            }
        }
        foreach (var (key, entry) in found) _byChatId[key] = new Person(entry.Member.Id, entry.Member.Name, entry.Role, entry.Teams);
    }

    public Person? Find(string platform, string? userId) =>
        userId is not null && _byChatId.TryGetValue((platform, userId), out var person) ? person : null;

    private static IEnumerable<(string, string)> ChatIds(Member m)
    {
        if (m.Slack is { } slack) yield return ("slack", slack);
        if (m.Discord is { } discord) yield return ("discord", discord);
    }
}
