using NodaTime;
using OpsBot.Alerts;
using OpsBot.Routing.Model;
using OpsBot.Routing.Time;

namespace OpsBot.Routing.Config;

/// <summary>Builds one team from its options: zone, hours, holidays, channels, members, rotation, urgency and escalation.</summary>
internal sealed class TeamBuilder(ConfigReader reader)
{
    public Team? Build(string name, TeamOptions options, string key)
    {
        var before = reader.Issues.Count;
        DateTimeZone? zone = null;
        try { zone = TimeZones.Find(options.TimeZone); }
        catch (FormatException e) { reader.Add($"{key}:TimeZone", e.Message); }

        WeeklyHours? hours = null;
        try { hours = WeeklyHours.Parse(options.BusinessHours); }
        catch (FormatException e) { reader.Add($"{key}:BusinessHours", e.Message); }

        var holidays = new List<LocalDate>();
        for (var i = 0; i < options.Holidays.Count; i++)
        {
            if (reader.ParseDate(options.Holidays[i], $"{key}:Holidays:{i}") is { } date) holidays.Add(date);
        }

        var members = new Dictionary<string, Member>(StringComparer.OrdinalIgnoreCase);
        var roles = new Dictionary<string, Commands.Role>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Members.Count; i++)
        {
            var m = options.Members[i];
            if (string.IsNullOrWhiteSpace(m.Id)) reader.Add($"{key}:Members:{i}:Id", "required");
            else if (!members.TryAdd(m.Id, new Member(m.Id, m.Name ?? m.Id, ConfigReader.Blank(m.Slack), ConfigReader.Blank(m.Discord))))
                reader.Add($"{key}:Members:{i}:Id", $"member '{m.Id}' is listed twice");
            if (!EnumNames.TryParse<Commands.Role>(m.Role, out var role) || role == Commands.Role.None)
                reader.Add($"{key}:Members:{i}:Role", $"'{m.Role}' is not viewer, responder or admin");
            else if (!string.IsNullOrWhiteSpace(m.Id)) roles[m.Id] = role;
        }

        var channels = BuildChannels(options.Channels, $"{key}:Channels");
        // With an unknown zone the team is dropped anyway; UTC stands in so the rotation's own problems are reported too.
        var rotation = BuildRotation(options.OnCall, zone ?? DateTimeZone.Utc, members, $"{key}:OnCall");
        if (options.Secondary is { Length: > 0 } secondary && !members.ContainsKey(secondary))
            reader.Add($"{key}:Secondary", $"unknown member '{secondary}' (members: {ConfigReader.Known(members.Keys)})");
        var urgency = BuildUrgency(options.Urgency, channels, $"{key}:Urgency");
        if (options.Escalation.AckTimeout <= TimeSpan.Zero) reader.Add($"{key}:Escalation:AckTimeout", "must be positive, e.g. 00:10:00");
        if (options.Escalation.Levels is < 0 or > 10) reader.Add($"{key}:Escalation:Levels", "must be between 0 and 10");
        if (options.AckSilencesFor is { } ackSilence && ackSilence <= TimeSpan.Zero) reader.Add($"{key}:AckSilencesFor", "must be positive, e.g. 04:00:00");
        var schedule = Reports.ReportSchedule.Default;
        if (options.ReportSchedule is { Length: > 0 } text && !Reports.ReportSchedule.TryParse(text, out schedule))
            reader.Add($"{key}:ReportSchedule", $"'{text}' is not a day and a time like \"Mon 09:00\"");
        var fixes = new Dictionary<string, Handlers.FixPolicy>(StringComparer.OrdinalIgnoreCase);
        foreach (var (handler, policy) in options.Fixes)
        {
            if (Remediate.FixPolicyNames.TryParse(policy, out var parsed)) fixes[handler] = parsed;
            else reader.Add($"{key}:Fixes:{handler}", $"'{policy}' is not off, dry-run, approve or auto");
        }

        if (reader.Issues.Count > before || zone is null || hours is null) return null;
        return new Team
        {
            Name = name,
            Calendar = new BusinessCalendar(zone, hours, holidays),
            Channels = channels,
            Members = members,
            Rotation = rotation,
            Secondary = ConfigReader.Blank(options.Secondary),
            Urgency = urgency,
            AckTimeout = options.Escalation.AckTimeout,
            EscalationLevels = options.Escalation.Levels,
            Roles = roles,
            AckSilencesFor = options.AckSilencesFor,
            FixPolicies = fixes,
            ReportSchedule = schedule,
        };
    }

    private List<Channel> BuildChannels(List<ChannelOptions> options, string key)
    {
        if (options.Count == 0) reader.Add(key, "name at least one channel (Name plus a Slack and/or Discord channel id)");
        var channels = new List<Channel>();
        for (var i = 0; i < options.Count; i++)
        {
            var c = options[i];
            if (string.IsNullOrWhiteSpace(c.Name)) reader.Add($"{key}:{i}:Name", "required");
            else if (channels.Any(x => string.Equals(x.Name, c.Name, StringComparison.OrdinalIgnoreCase))) reader.Add($"{key}:{i}:Name", $"channel '{c.Name}' is listed twice");
            else channels.Add(new Channel(c.Name, ConfigReader.Blank(c.Slack), ConfigReader.Blank(c.Discord)));
        }
        return channels;
    }

    private OnCallRotation? BuildRotation(OnCallOptions options, DateTimeZone zone, Dictionary<string, Member> members, string key)
    {
        var before = reader.Issues.Count;
        for (var i = 0; i < options.Rotation.Count; i++)
        {
            if (!members.ContainsKey(options.Rotation[i])) reader.Add($"{key}:Rotation:{i}", $"unknown member '{options.Rotation[i]}' (members: {ConfigReader.Known(members.Keys)})");
        }
        if (!EnumNames.TryParse<HandoverEvery>(options.HandoverEvery, out var every))
            reader.Add($"{key}:HandoverEvery", $"'{options.HandoverEvery}' is not Day or Week");
        if (!EnumNames.TryParse<IsoDayOfWeek>(options.HandoverDay, out var day) || day == IsoDayOfWeek.None)
            reader.Add($"{key}:HandoverDay", $"'{options.HandoverDay}' is not a day of the week (Monday..Sunday)");
        var time = reader.ParseTime(options.HandoverTime, $"{key}:HandoverTime");
        var anchor = reader.ParseDate(options.Start, $"{key}:Start");
        var overrides = new List<OnCallOverride>();
        for (var i = 0; i < options.Overrides.Count; i++)
        {
            var o = options.Overrides[i];
            var oKey = $"{key}:Overrides:{i}";
            var start = reader.ParseDateTime(o.Start, $"{oKey}:Start");
            var end = reader.ParseDateTime(o.End, $"{oKey}:End");
            if (!options.Rotation.Contains(o.Member, StringComparer.OrdinalIgnoreCase))
                reader.Add($"{oKey}:Member", $"'{o.Member}' is not in the rotation (rotation: {ConfigReader.Known(options.Rotation)})");
            else if (start is { } s && end is { } e)
            {
                if (e <= s) reader.Add($"{oKey}:End", "must be after Start");
                else if (members.TryGetValue(o.Member, out var member)) overrides.Add(new OnCallOverride(s, e, member.Id));
            }
        }
        if (reader.Issues.Count > before || options.Rotation.Count == 0 || time is null || anchor is null) return null;
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
                reader.Add($"{rKey}:Severity", $"'{o.Severity}' is not one of critical, error, warning, info");
                continue;
            }
            var inHours = reader.ParseUrgency(o.InHours, $"{rKey}:InHours");
            var outOfHours = reader.ParseUrgency(o.OutOfHours, $"{rKey}:OutOfHours");
            if (o.Channel is { Length: > 0 } channel && !channels.Any(c => string.Equals(c.Name, channel, StringComparison.OrdinalIgnoreCase)))
                reader.Add($"{rKey}:Channel", $"unknown channel '{channel}' (channels: {ConfigReader.Known(channels.Select(c => c.Name))})");
            if (inHours is { } a && outOfHours is { } b) rules[severity] = new UrgencyRule(severity, a, b, ConfigReader.Blank(o.Channel), IsDefault: false);
        }
        return rules;
    }
}
