namespace OpsBot.Commands;

/// <summary>
/// Who may do what. Each verb needs a role; a responder acts only on their own teams' alerts and silences, an admin on
/// all. Someone OpsBot does not know may only ask for help.
/// </summary>
public static class Authorization
{
    /// <param name="team">The team that owns what the command acts on; null when the verb is not about one team.</param>
    /// <returns>Null when allowed, otherwise why not, phrased for the person asking.</returns>
    public static string? Denial(Person? who, string platform, CommandVerb verb, string? team)
    {
        if (verb.Needs == Role.None) return null;
        if (who is null)
            return $"OpsBot does not know your {platform} user, so you cannot use /ops {verb.Name}. Ask an admin to add your {platform} user id to your team's members.";
        if (who.Role < verb.Needs)
            return $"/ops {verb.Name} needs the {Lower(verb.Needs)} role; you are a {Lower(who.Role)}.";
        if (!verb.TeamScoped || who.IsAdmin || team is null) return null;
        return who.Teams.Contains(team)
            ? null
            : $"That belongs to team {team}; you can act for {string.Join(", ", who.Teams.Order())} only.";
    }

    private static string Lower(Role role) => role.ToString().ToLowerInvariant();
}
