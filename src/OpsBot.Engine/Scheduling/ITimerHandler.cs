using OpsBot.Storage;

namespace OpsBot.Scheduling;

/// <summary>Does what a due timer of one <see cref="Kind"/> is for, inside the transaction that removes it.</summary>
public interface ITimerHandler
{
    string Kind { get; }
    Task HandleAsync(TimerRow timer, CancellationToken ct);
}
