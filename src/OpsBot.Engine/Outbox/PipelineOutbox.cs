using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using OpsBot.Contracts;
using OpsBot.Storage;

namespace OpsBot.Outbox;

/// <summary>
/// Messages between stages go through the outbox table: the producing stage adds them inside its transaction and
/// publishes after the commit; the consuming stage claims (deletes) the row inside its own transaction.
/// A message whose row is already gone was handled before, which makes every stage idempotent under replays.
/// </summary>
public static class PipelineOutbox
{
    public static OutboxRow Add(OpsBotDbContext db, object message, DateTimeOffset now)
    {
        var row = new OutboxRow
        {
            Id = NewId.NextGuid(),
            Type = message.GetType().FullName!,
            Payload = JsonSerializer.Serialize(message, message.GetType()),
            CreatedAt = now,
        };
        db.Outbox.Add(row);
        return row;
    }

    public static async Task PublishAsync(IPublishEndpoint bus, IEnumerable<OutboxRow> rows, CancellationToken ct)
    {
        foreach (var row in rows)
        {
            var message = Read(row);
            await bus.Publish(message, message.GetType(), Pipe.Execute<PublishContext>(c => c.MessageId = row.Id), ct);
        }
    }

    /// <summary>Deletes the message's row; false when it was already claimed (a replay), in which case the caller does nothing.</summary>
    public static async Task<bool> ClaimAsync(OpsBotDbContext db, Guid? messageId, CancellationToken ct) =>
        messageId is { } id && await db.Outbox.Where(o => o.Id == id).ExecuteDeleteAsync(ct) == 1;

    public static object Read(OutboxRow row)
    {
        var type = typeof(AlertOpened).Assembly.GetType(row.Type)
            ?? throw new InvalidOperationException($"outbox row {row.Id} has unknown message type {row.Type}");
        return JsonSerializer.Deserialize(row.Payload, type) ?? throw new InvalidOperationException($"outbox row {row.Id} is empty");
    }
}
