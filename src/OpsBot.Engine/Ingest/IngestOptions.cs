using System.ComponentModel.DataAnnotations;

namespace OpsBot.Ingest;

public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>Largest request body taken, in bytes; larger ones get 413. PagerDuty guarantees 55 KB, Alertmanager sends more.</summary>
    [Range(1024, 64 * 1024 * 1024)] public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Longest a request may wait for its durable commit before it is answered 503 (senders retry on 5xx).</summary>
    public TimeSpan AcceptTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// Most accepted events on the in-memory bus at once; beyond it they wait in the inbox on disk, so a burst costs
    /// disk rather than memory.
    /// </summary>
    [Range(100, 1_000_000)] public int MaxInFlight { get; set; } = 5000;

    /// <summary>How often accepted events that have not passed dedupe are published again.</summary>
    public TimeSpan InboxRelayInterval { get; set; } = TimeSpan.FromSeconds(30);

    public AlertmanagerIngestOptions Alertmanager { get; set; } = new();
    public PagerDutyIngestOptions PagerDuty { get; set; } = new();
    public EventsIngestOptions Events { get; set; } = new();
}

public sealed class AlertmanagerIngestOptions
{
    /// <summary>When set, requests must carry "Authorization: Bearer &lt;token&gt;" (Alertmanager's http_config.authorization).</summary>
    public string? BearerToken { get; set; }
    /// <summary>When set with <see cref="BasicAuthPassword"/>, requests may use basic auth instead (http_config.basic_auth).</summary>
    public string? BasicAuthUsername { get; set; }
    public string? BasicAuthPassword { get; set; }

    public bool RequiresAuthentication => !string.IsNullOrEmpty(BearerToken) || !string.IsNullOrEmpty(BasicAuthUsername);
}

public sealed class PagerDutyIngestOptions
{
    /// <summary>Webhook subscription secrets; any may sign a delivery, so a new secret can be added before the old one is removed.</summary>
    public List<string> SigningSecrets { get; set; } = [];
}

public sealed class EventsIngestOptions
{
    /// <summary>The routing keys accepted by /webhooks/events. With none configured every event is refused.</summary>
    public List<string> IntegrationKeys { get; set; } = [];
}
