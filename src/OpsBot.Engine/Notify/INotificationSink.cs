using OpsBot.Storage;

namespace OpsBot.Notify;

/// <summary>Where notifications go: the console in the embedded default; chat platforms when configured.</summary>
public interface INotificationSink
{
    string Name { get; }
    Task DeliverAsync(NotificationRow notification, CancellationToken ct);
}
