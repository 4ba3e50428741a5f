using NodaTime;
using NodaTime.Text;
using OpsBot.Alerts;
using OpsBot.Routing.Matching;
using OpsBot.Routing.Model;
using OpsBot.Routing.Time;

namespace OpsBot.Routing.Config;

/// <summary>Turns the Routing and Teams sections into a <see cref="RoutingModel"/>, collecting every problem rather than stopping at the first.</summary>
public sealed class RoutingModelBuilder
{
    private readonly List<ConfigIssue> _issues = [];

    public IReadOnlyList<ConfigIssue> Issues => _issues;

    /// <summary>The model, or null when there were issues.</summary>
    public RoutingModel? Build(RoutingOptions routing, IReadOnlyDictionary<string, TeamOptions> teamOptions)
    {
        var teams = new Dictionary<string, Team>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, options) in teamOptions)
        {
            if (BuildTeam(name, options, $"{TeamOptions.Section}:{name}") is { } team) teams[name] = team;
        }
        if (teamOptions.Count == 0) Add(TeamOptions.Section, "no teams are configured; describe at least one (see README, Teams)");

        var defaultTeam = routing.DefaultTeam;
        if (string.IsNullOrWhiteSpace(defaultTeam)) Add($"{RoutingOptions.Section}:DefaultTeam", "required: the team that gets alerts no rule claims");
        else RequireTeam(teamOptions, defaultTeam, $"{RoutingOptions.Section}:DefaultTeam");

        var rules = routing.Rules.Select((r, i) => BuildRule(r, i, teamOptions, teams)).OfType<OwnershipRule>().ToList();
        var inventory = BuildInventory(routing, teamOptions);
        var services = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < routing.Services.Count; i++)
        {
            var service = routing.Services[i];
            var key = $"{RoutingOptions.Section}:Services:{i}";
            if (string.IsNullOrWhiteSpace(service.Name)) Add($"{key}:Name", "required");
            else if (RequireTeam(teamOptions, service.Team, $"{key}:Team")) services[service.Name] = service.Team;
        }
        if (routing.HostLabels.Count == 0) Add($"{RoutingOptions.Section}:HostLabels", "name at least one label that carries the host");

        if (_issues.Count > 0) return null;
        return new RoutingModel
        {
            Teams = teams,
            Rules = rules,
            Inventory = inventory,
            ServiceTeams = services,
            DefaultTeam = teams[defaultTeam].Name,
            HostLabels = routing.HostLabels,
            ServiceLabel = routing.ServiceLabel,
        };
    }

    private Team? BuildTeam(string name, TeamOptions options, string key)
    {
        var before = _issues.Count;
        DateTimeZone? zone = null;
        try { zone = TimeZones.Find(options.TimeZone); }
        catch (FormatException e) { Add($"{key}:TimeZone", e.Message); }

        WeeklyHours? hours = null;
        try { hours = WeeklyHours.Parse(options.BusinessHours); }
        catch (FormatException e) { Add($"{key}:BusinessHours", e.Message); }

        var holidays = new List<LocalDate>();
        for (var i = 0; i < options.Holidays.Count; i++)
        {
            if (ParseDate(options.Holidays[i], $"{key}:Holidays:{i}") is { } date) holidays.Add(date);
        }

        var members = new Dictionary<string, Member>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Members.Count; i++)
        {
            var m = options.Members[i];
            if (string.IsNullOrWhiteSpace(m.Id)) Add($"{key}:Members:{i}:Id", "required");
            else if (!members.TryAdd(m.Id, new Member(m.Id, m.Name ?? m.Id, Blank(m.Slack), Blank(m.Discord))))
                Add($"{key}:Members:{i}:Id", $"member '{m.Id}' is listed twice");
        }

        var channels = BuildChannels(options.Channels, $"{key}:Channels");
        // With an unknown zone the team is dropped anyway; UTC stands in so the rotation's own problems are reported too.
        var rotation = BuildRotation(options.OnCall, zone ?? DateTimeZone.Utc, members, $"{key}:OnCall");
        if (options.Secondary is { Length: > 0 } secondary && !members.ContainsKey(secondary))
            Add($"{key}:Secondary", $"unknown member '{secondary}' (members: {Known(members.Keys)})");
        var urgency = BuildUrgency(options.Urgency, channels, $"{key}:Urgency");
        if (options.Escalation.AckTimeout <= TimeSpan.Zero) Add($"{key}:Escalation:AckTimeout", "must be positive, e.g. 00:10:00");
        if (options.Escalation.Levels is < 0 or > 10) Add($"{key}:Escalation:Levels", "must be between 0 and 10");

        if (_issues.Count > before || zone is null || hours is null) return null;
        return new Team
        {
            Name = name,
            Calendar = new BusinessCalendar(zone, hours, holidays),
            Channels = channels,
            Members = members,
            Rotation = rotation,
            Secondary = Blank(options.Secondary),
            Urgency = urgency,
            AckTimeout = options.Escalation.AckTimeout,
            EscalationLevels = options.Escalation.Levels,
        };
    }

    private List<Channel> BuildChannels(List<ChannelOptions> options, string key)
    {
        if (options.Count == 0) Add(key, "name at least one channel (Name plus a Slack and/or Discord channel id)");
        var channels = new List<Channel>();
        for (var i = 0; i < options.Count; i++)
        {
            var c = options[i];
            if (string.IsNullOrWhiteSpace(c.Name)) Add($"{key}:{i}:Name", "required");
            else if (channels.Any(x => string.Equals(x.Name, c.Name, StringComparison.OrdinalIgnoreCase))) Add($"{key}:{i}:Name", $"channel '{c.Name}' is listed twice");
            else channels.Add(new Channel(c.Name, Blank(c.Slack), Blank(c.Discord)));
        }
        return channels;
    }

    private OnCallRotation? BuildRotation(OnCallOptions options, DateTimeZone zone, Dictionary<string, Member> members, string key)
    {
        var before = _issues.Count;
        for (var i = 0; i < options.Rotation.Count; i++)
        {
            if (!members.ContainsKey(options.Rotation[i])) Add($"{key}:Rotation:{i}", $"unknown member '{options.Rotation[i]}' (members: {Known(members.Keys)})");
        }
        if (!Enum.TryParse<HandoverEvery>(options.HandoverEvery, ignoreCase: true, out var every))
            Add($"{key}:HandoverEvery", $"'{options.HandoverEvery}' is not Day or Week");
        if (!Enum.TryParse<IsoDayOfWeek>(options.HandoverDay, ignoreCase: true, out var day) || day == IsoDayOfWeek.None)
            Add($"{key}:HandoverDay", $"'{options.HandoverDay}' is not a day of the week (Monday..Sunday)");
        var time = ParseTime(options.HandoverTime, $"{key}:HandoverTime");
        var anchor = ParseDate(options.Start, $"{key}:Start");
        var overrides = new List<OnCallOverride>();
        for (var i = 0; i < options.Overrides.Count; i++)
        {
            var o = options.Overrides[i];
            var oKey = $"{key}:Overrides:{i}";
            var start = ParseDateTime(o.Start, $"{oKey}:Start");
            var end = ParseDateTime(o.End, $"{oKey}:End");
            if (!options.Rotation.Contains(o.Member, StringComparer.OrdinalIgnoreCase))
                Add($"{oKey}:Member", $"'{o.Member}' is not in the rotation (rotation: {Known(options.Rotation)})");
            else if (start is { } s && end is { } e)
            {
                if (e <= s) Add($"{oKey}:End", "must be after Start");
                else if (members.TryGetValue(o.Member, out var member)) overrides.Add(new OnCallOverride(s, e, member.Id));
            }
        }
        if (_issues.Count > before || options.Rotation.Count == 0 || time is null || anchor is null) return null;
        var rotation = options.Rotation.Select(id => members[id].Id).ToList();
        return new OnCallRotation(zone, rotation, every, time.Value, day, anchor.Value, overrides);
    }

    private Dictionary<Severity, UrgencyRule> BuildUrgency(List<UrgencyRuleOptions> options, List<Channel> channels, string key)
    {
        var rules = UrgencyDefaults.Rules.ToDictionary(r => r.Severity);
        for (var i = 0; i < options.Count; i++)
        {
            var o = options[i];
            var rKey = $"{key}:{i}";
            if (!SeverityParser.TryParseName(o.Severity, out var severity))
            {
                Add($"{rKey}:Severity", $"'{o.Severity}' is not one of critical, error, warning, info");
                continue;
            }
            var inHours = ParseUrgency(o.InHours, $"{rKey}:InHours");
            var outOfHours = ParseUrgency(o.OutOfHours, $"{rKey}:OutOfHours");
            if (o.Channel is { Length: > 0 } channel && !channels.Any(c => string.Equals(c.Name, channel, StringComparison.OrdinalIgnoreCase)))
                Add($"{rKey}:Channel", $"unknown channel '{channel}' (channels: {Known(channels.Select(c => c.Name))})");
            if (inHours is { } a && outOfHours is { } b) rules[severity] = new UrgencyRule(severity, a, b, Blank(o.Channel), IsDefault: false);
        }
        return rules;
    }

    private OwnershipRule? BuildRule(OwnershipRuleOptions options, int index, IReadOnlyDictionary<string, TeamOptions> teamOptions, Dictionary<string, Team> teams)
    {
        var key = $"{RoutingOptions.Section}:Rules:{index}";
        var before = _issues.Count;
        var matchers = new List<LabelMatcher>();
        if (options.Match.Count == 0) Add($"{key}:Match", "a rule needs at least one matcher such as alertname=~\"Disk.*\"");
        for (var i = 0; i < options.Match.Count; i++)
        {
            try { matchers.Add(LabelMatcher.Parse(options.Match[i])); }
            catch (FormatException e) { Add($"{key}:Match:{i}", e.Message); }
        }
        var names = options.Teams.Count > 0 ? options.Teams : options.Team is { Length: > 0 } one ? [one] : [];
        if (names.Count == 0) Add($"{key}:Team", "a rule names a Team (or Teams for follow-the-sun)");
        if (options.Team is { Length: > 0 } && options.Teams.Count > 0) Add($"{key}:Team", "give Team or Teams, not both");
        var teamKey = options.Teams.Count > 0 ? $"{key}:Teams" : $"{key}:Team";
        for (var i = 0; i < names.Count; i++) RequireTeam(teamOptions, names[i], options.Teams.Count > 0 ? $"{teamKey}:{i}" : teamKey);
        if (options.Channel is { Length: > 0 } channel)
        {
            foreach (var name in names.Where(teams.ContainsKey).Where(n => !teams[n].HasChannel(channel)))
                Add($"{key}:Channel", $"team '{name}' has no channel '{channel}' (channels: {Known(teams[name].Channels.Select(c => c.Name))})");
        }
        if (_issues.Count > before) return null;
        var resolved = names.Select(n => teams.TryGetValue(n, out var t) ? t.Name : n).ToList();
        return new OwnershipRule(index + 1, options.Name ?? string.Join(",", resolved), matchers, resolved, Blank(options.Channel), options.Continue);
    }

    private HostInventory BuildInventory(RoutingOptions routing, IReadOnlyDictionary<string, TeamOptions> teamOptions)
    {
        var entries = new List<HostEntry>();
        for (var i = 0; i < routing.Hosts.Count; i++)
        {
            var h = routing.Hosts[i];
            var key = $"{RoutingOptions.Section}:Hosts:{i}";
            if (string.IsNullOrWhiteSpace(h.Pattern)) { Add($"{key}:Pattern", "required: a host name or a pattern such as db-*"); continue; }
            if (h.Team is { Length: > 0 } team && !RequireTeam(teamOptions, team, $"{key}:Team")) continue;
            if (h.Team is not { Length: > 0 } && h.Service is not { Length: > 0 }) Add(key, "a host entry names a Team or a Service");
            entries.Add(new HostEntry(h.Pattern, Blank(h.Team), Blank(h.Service), Blank(h.Environment)));
        }
        return new HostInventory(entries);
    }

    private bool RequireTeam(IReadOnlyDictionary<string, TeamOptions> teams, string? name, string key)
    {
        if (name is { Length: > 0 } && teams.Keys.Any(t => string.Equals(t, name, StringComparison.OrdinalIgnoreCase))) return true;
        Add(key, $"unknown team '{name}' (teams: {Known(teams.Keys)})");
        return false;
    }

    private Urgency? ParseUrgency(string text, string key)
    {
        if (Enum.TryParse<Urgency>(text, ignoreCase: true, out var u) && Enum.IsDefined(u) && !int.TryParse(text, out _)) return u;
        Add(key, $"'{text}' is not page, notify or digest");
        return null;
    }

    private LocalDate? ParseDate(string text, string key)
    {
        var result = LocalDatePattern.Iso.Parse(text);
        if (result.Success) return result.Value;
        Add(key, $"'{text}' is not a date like 2026-12-25");
        return null;
    }

    private LocalTime? ParseTime(string text, string key)
    {
        var result = LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(text);
        if (result.Success) return result.Value;
        Add(key, $"'{text}' is not a time like 09:00");
        return null;
    }

    private LocalDateTime? ParseDateTime(string text, string key)
    {
        var result = LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm").Parse(text);
        if (result.Success) return result.Value;
        Add(key, $"'{text}' is not a local date and time like 2026-12-24T18:00");
        return null;
    }

    private void Add(string key, string message) => _issues.Add(new ConfigIssue(key, message));

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static string Known(IEnumerable<string> names) =>
        string.Join(", ", names.Order(StringComparer.OrdinalIgnoreCase).DefaultIfEmpty("none"));
}
