using OpsBot.Storage;

namespace OpsBot.Commands;

/// <summary>Appends to the audit log. Entries are only ever added; nothing in OpsBot updates or deletes them.</summary>
public sealed class AuditLog(OpsBotDbContext db, StoreWriteLock writeLock, TimeProvider clock)
{
    public async Task RecordAsync(CommandContext who, string action, string? target, string result, string? detail)
    {
        var row = new AuditRow
        {
            At = clock.GetUtcNow(), Platform = who.Platform, UserId = who.UserId, Person = who.Person?.Id,
            Action = action, Target = target, Result = result, Detail = Clip(detail),
        };
        // Recorded even when the request that caused it was cancelled: what was done must stay on the record.
        using (await writeLock.AcquireAsync(CancellationToken.None))
        {
            db.Audit.Add(row);
            await db.SaveChangesAsync(CancellationToken.None);
        }
    }

    private static string? Clip(string? text) => text is { Length: > 1000 } ? text[..1000] + "…" : text;
}
