using System.Text.Json.Serialization;

namespace OpsBot.Contracts;

/// <summary>What one dedupe transaction changed, in order: the route stage's input.</summary>
public sealed record AlertChanges(List<AlertChange> Changes);

/// <summary>One change of one alert; exactly one member is set.</summary>
public sealed record AlertChange
{
    public AlertOpened? Opened { get; init; }
    public AlertUpdated? Updated { get; init; }
    public AlertAcknowledged? Acknowledged { get; init; }
    public AlertUnacknowledged? Unacknowledged { get; init; }
    public AlertResolved? Resolved { get; init; }
    public AlertFlapping? Flapping { get; init; }

    [JsonIgnore]
    public long AlertId => Opened?.AlertId ?? Updated?.AlertId ?? Acknowledged?.AlertId ?? Unacknowledged?.AlertId ?? Resolved?.AlertId
        ?? Flapping?.AlertId ?? throw new InvalidOperationException("an empty AlertChange");

    public static AlertChange From(object change) => change switch
    {
        AlertOpened e => new AlertChange { Opened = e },
        AlertUpdated e => new AlertChange { Updated = e },
        AlertAcknowledged e => new AlertChange { Acknowledged = e },
        AlertUnacknowledged e => new AlertChange { Unacknowledged = e },
        AlertResolved e => new AlertChange { Resolved = e },
        AlertFlapping e => new AlertChange { Flapping = e },
        _ => throw new ArgumentException($"{change.GetType().Name} is not an alert change", nameof(change)),
    };
}
