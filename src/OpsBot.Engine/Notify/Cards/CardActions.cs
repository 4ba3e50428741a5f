using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OpsBot.Storage;

namespace OpsBot.Notify.Cards;

/// <summary>
/// The opaque ids behind a card's buttons. A button carries only a random id; pressing it is resolved here to an
/// action on an alert, so nothing a client sends names the alert or the action directly.
/// </summary>
public sealed class CardActions(OpsBotDbContext db, TimeProvider clock)
{
    public const string Ack = "ack";
    public const string Resolve = "resolve";
    public const string SilenceHour = "silence-1h";
    public const string Runbook = "runbook";
    public const string ApproveFix = "approve-fix";

    /// <summary>The ids for an alert's buttons, created on first use; the caller saves the context.</summary>
    public async Task<IReadOnlyDictionary<string, string>> IdsForAsync(long alertId, IEnumerable<string> actions, CancellationToken ct)
    {
        var existing = await db.ChatActions.Where(a => a.AlertId == alertId).ToDictionaryAsync(a => a.Action, a => a.Id, ct);
        foreach (var action in actions.Where(a => !existing.ContainsKey(a)))
        {
            var row = new ChatActionRow { Id = NewId(), AlertId = alertId, Action = action, CreatedAt = clock.GetUtcNow() };
            db.ChatActions.Add(row);
            existing[action] = row.Id;
        }
        return existing;
    }

    public Task<ChatActionRow?> FindAsync(string id, CancellationToken ct) =>
        db.ChatActions.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);

    private static string NewId() => "a" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
