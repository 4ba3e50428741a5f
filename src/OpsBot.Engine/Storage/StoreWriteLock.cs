namespace OpsBot.Storage;

/// <summary>
/// SQLite takes one writer at a time, and a writer that finds the file locked sleeps in growing steps (up to 100 ms)
/// before trying again. The process's writers (the inbox, every stage, the timers job, the API's writes) take turns
/// here instead, so each waits exactly as long as the others write. On PostgreSQL the lock is kept, so that one
/// replica behaves as one embedded process does; replicas among themselves rely on the database's constraints,
/// row locks and version checks.
/// </summary>
public sealed class StoreWriteLock
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IDisposable> AcquireAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        return new Release(_gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}
