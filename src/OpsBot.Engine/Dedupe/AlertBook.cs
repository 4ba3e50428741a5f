using Microsoft.EntityFrameworkCore;
using OpsBot.Alerts;
using OpsBot.Contracts;
using OpsBot.Storage;

namespace OpsBot.Dedupe;

/// <summary>
/// The states one dedupe batch touches, loaded in two queries and looked up by fingerprint or correlation key.
/// Alerts created during the batch are registered at once, so later deliveries in the same batch find them.
/// </summary>
public sealed class AlertBook(OpsBotDbContext db, IReadOnlyList<string> templates)
{
    private readonly Dictionary<string, (AlertStateRow Row, AlertSource Source)> _byKey = new();

    public async Task LoadAsync(IReadOnlyList<AlertReceived> messages, CancellationToken ct)
    {
        var keys = messages.SelectMany(m => KeysOf(m.Alert)).Distinct().ToList();
        var keyRows = await db.AlertKeys.AsNoTracking().Where(k => keys.Contains(k.Key)).ToListAsync(ct);
        var ids = keyRows.Select(k => k.AlertId).Distinct().ToList();
        var rows = await db.Alerts.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        foreach (var key in keyRows)
            if (rows.TryGetValue(key.AlertId, out var row)) _byKey[key.Key] = (row, key.Source);
    }

    /// <summary>The alert's own state, or the state of the same problem from another source.</summary>
    public AlertStateRow? Find(Alert alert)
    {
        if (_byKey.TryGetValue(CorrelationKeys.FingerprintKey(alert.Fingerprint), out var own)) return own.Row;
        foreach (var key in CorrelationKeys.CorrelationKeysOf(alert, templates))
            if (_byKey.TryGetValue(key, out var other) && other.Source != alert.Source) return other.Row;
        return null;
    }

    public AlertStateRow Open(Alert alert)
    {
        var row = AlertStateMapper.NewRow(alert);
        db.Alerts.Add(row);
        Link(row, alert);
        return row;
    }

    /// <summary>Registers the delivery's keys for this state, so its source's later deliveries find it directly.</summary>
    public void Link(AlertStateRow row, Alert alert)
    {
        foreach (var key in KeysOf(alert))
        {
            if (_byKey.ContainsKey(key)) continue;
            _byKey[key] = (row, alert.Source);
            db.AlertKeys.Add(new AlertKeyRow { Key = key, Alert = row, Source = alert.Source });
        }
    }

    public void Track(AlertOccurrenceRow occurrence) => db.Occurrences.Add(occurrence);

    private IEnumerable<string> KeysOf(Alert alert) =>
        CorrelationKeys.CorrelationKeysOf(alert, templates).Prepend(CorrelationKeys.FingerprintKey(alert.Fingerprint));
}
