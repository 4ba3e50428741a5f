namespace OpsBot.Routing.Matching;

/// <summary>
/// Finds the inventory entry for a host, ignoring case: an exact name wins over any glob, whatever the order;
/// among globs the first in the given order wins, so specific patterns go before broad ones.
/// </summary>
public sealed class HostInventory
{
    private readonly Dictionary<string, HostEntry> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<HostEntry> _globs = [];

    public HostInventory(IEnumerable<HostEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var all = new List<HostEntry>();
        foreach (var entry in entries)
        {
            if (entry is null) throw new ArgumentException($"inventory entry {all.Count + 1} is null", nameof(entries));
            if (string.IsNullOrWhiteSpace(entry.Pattern))
                throw new ArgumentException($"inventory entry {all.Count + 1} has an empty pattern", nameof(entries));
            all.Add(entry);
            if (Glob.IsPattern(entry.Pattern)) _globs.Add(entry);
            else _exact.TryAdd(entry.Pattern, entry); // a repeated name keeps its first entry, as globs do
        }
        Entries = all;
    }

    /// <summary>All entries in the order given.</summary>
    public IReadOnlyList<HostEntry> Entries { get; }

    public HostEntry? Find(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.Length == 0) return null;
        if (_exact.TryGetValue(host, out var exact)) return exact;
        foreach (var entry in _globs)
            if (Glob.IsMatch(entry.Pattern, host)) return entry;
        return null;
    }
}
