using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpsBot.Routing.Model;

/// <summary>How loudly an alert is delivered, quietest first so urgencies compare. Written as its lower-case name.</summary>
[JsonConverter(typeof(UrgencyJsonConverter))]
public enum Urgency
{
    /// <summary>Deferred to one summary at the start of the team's next business day.</summary>
    Digest,
    /// <summary>A message in the team's channel, nobody mentioned.</summary>
    Notify,
    /// <summary>A message that mentions the person on call, escalated until acknowledged.</summary>
    Page,
}

public sealed class UrgencyJsonConverter() : JsonStringEnumConverter<Urgency>(JsonNamingPolicy.CamelCase);
