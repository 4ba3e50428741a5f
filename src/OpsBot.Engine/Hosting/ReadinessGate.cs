using System.Collections.Concurrent;

namespace OpsBot.Hosting;

/// <summary>
/// Tracks the parts that must be up before OpsBot takes webhooks: a message published before its consumer's
/// endpoint is bound can be lost, and events accepted before a crash must be replayed first.
/// </summary>
public sealed class ReadinessGate
{
    public const string Bus = "bus";
    public const string Inbox = "inbox";

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _parts = new();

    public ReadinessGate Require(string part)
    {
        Part(part);
        return this;
    }

    public void MarkReady(string part) => Part(part).TrySetResult();

    public Task WhenReady(string part) => Part(part).Task;

    public bool IsReady => !_parts.IsEmpty && _parts.Values.All(p => p.Task.IsCompleted);

    public IEnumerable<string> Waiting => _parts.Where(p => !p.Value.Task.IsCompleted).Select(p => p.Key).OrderBy(p => p);

    private TaskCompletionSource Part(string part) =>
        _parts.GetOrAdd(part, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
