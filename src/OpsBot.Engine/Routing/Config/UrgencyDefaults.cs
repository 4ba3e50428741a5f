using OpsBot.Alerts;
using OpsBot.Routing.Model;

namespace OpsBot.Routing.Config;

/// <summary>
/// The default policy answers "does someone have to act on this now?": critical pages at any hour; an error pages
/// in hours and waits in the channel at night; a warning is a channel message in hours and goes to the morning digest
/// out of hours; info only ever reaches the digest.
/// </summary>
public static class UrgencyDefaults
{
    public static IReadOnlyList<UrgencyRule> Rules { get; } =
    [
        new(Severity.Critical, Urgency.Page, Urgency.Page, null, IsDefault: true),
        new(Severity.Error, Urgency.Page, Urgency.Notify, null, IsDefault: true),
        new(Severity.Warning, Urgency.Notify, Urgency.Digest, null, IsDefault: true),
        new(Severity.Info, Urgency.Digest, Urgency.Digest, null, IsDefault: true),
    ];
}
