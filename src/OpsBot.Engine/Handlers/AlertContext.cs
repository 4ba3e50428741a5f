using OpsBot.Alerts;
using OpsBot.Routing.Matching;

namespace OpsBot.Handlers;

/// <summary>What a handler's templates and matchers see of one alert.</summary>
/// <param name="Host">The host the alert is about (<see cref="HostNames.FromLabels"/>), null when no host label is set.</param>
public sealed record AlertContext(IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations, AlertSource Source, string? Host)
{
    /// <summary>A context whose host comes from the first set label of <paramref name="hostLabels"/> (Routing:HostLabels).</summary>
    public static AlertContext For(IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> annotations, AlertSource source,
        IReadOnlyList<string> hostLabels) =>
        new(labels, annotations, source, HostNames.FromLabels(labels, hostLabels));
}

/// <summary>An argument vector with every element rendered, or the reason it may not be run.</summary>
public sealed record RenderedArguments(IReadOnlyList<string> Arguments, string? Refusal)
{
    public bool Refused => Refusal is not null;

    internal static RenderedArguments Refuse(string reason) => new([], reason);
}

/// <summary>A PromQL query with the alert's values escaped into it, or the reason it may not be run.</summary>
public sealed record RenderedQuery(string Query, string? Refusal)
{
    public bool Refused => Refusal is not null;
}
