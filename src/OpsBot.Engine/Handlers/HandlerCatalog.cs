using Microsoft.Extensions.Logging;
using OpsBot.Alerts;

namespace OpsBot.Handlers;

/// <summary>
/// The handlers of handlers/, loaded at construction and again whenever a file changes (debounced). A reload keeps
/// the previous version of any file that now has issues, so a half-saved edit never takes a working handler away.
/// </summary>
public sealed class HandlerCatalog : IDisposable
{
    public const string DefaultDirectory = "handlers";
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(500);

    private sealed record Snapshot(IReadOnlyList<AlertHandler> All, IReadOnlyList<HandlerIssue> Issues);

    private readonly IReadOnlyList<string> _hostLabels;
    private readonly ILogger<HandlerCatalog> _logger;
    private readonly Lock _reloading = new();
    private readonly FileSystemWatcher? _watcher;
    private readonly ITimer _timer;
    private volatile Snapshot _current = new([], []);

    /// <param name="directory">Already resolved (<see cref="ResolveDirectory"/>); a missing one gives an empty catalogue.</param>
    /// <param name="hostLabels">Routing:HostLabels, for {{ host }}.</param>
    public HandlerCatalog(string directory, IReadOnlyList<string> hostLabels, ILogger<HandlerCatalog> logger, TimeProvider? time = null)
    {
        Directory = directory;
        _hostLabels = hostLabels;
        _logger = logger;
        _timer = (time ?? TimeProvider.System).CreateTimer(_ => ReloadInBackground(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Reload();
        if (!System.IO.Directory.Exists(directory))
        {
            _logger.LogWarning("Handlers directory {Directory} does not exist; no alert gets a handler", directory);
            return;
        }
        _watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
        _watcher.Changed += (_, _) => Schedule();
        _watcher.Created += (_, _) => Schedule();
        _watcher.Deleted += (_, _) => Schedule();
        _watcher.Renamed += (_, _) => Schedule();
        _watcher.Error += (_, e) =>
        {
            _logger.LogWarning(e.GetException(), "Watching {Directory} failed; reloading all handlers", directory);
            Schedule();
        };
        _watcher.EnableRaisingEvents = true;
    }

    public string Directory { get; }

    /// <summary>In file-name order, which is the order <see cref="Find"/> tries them.</summary>
    public IReadOnlyList<AlertHandler> All => _current.All;

    /// <summary>The issues of the last (re)load; a file named here is missing from <see cref="All"/> or is its previous version.</summary>
    public IReadOnlyList<HandlerIssue> Issues => _current.Issues;

    /// <summary>Raised after every reload, on the reloading thread.</summary>
    public event Action<HandlerCatalog>? Reloaded;

    public AlertHandler? Get(string name) => All.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The first handler, in file-name order, whose alert names (compared exactly, as Prometheus does), matchers and sources all fit.</summary>
    public AlertHandler? Find(AlertContext context, string alertName)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var handler in All)
        {
            var match = handler.Match;
            if (match.AlertNames.Count > 0 && !match.AlertNames.Contains(alertName, StringComparer.Ordinal)) continue;
            if (match.Sources.Count > 0 && !match.Sources.Contains(context.Source)) continue;
            if (match.Matchers.All(m => m.Matches(context.Labels))) return handler;
        }
        return null;
    }

    /// <summary>A context whose {{ host }} comes from the configured host labels.</summary>
    public AlertContext ContextFor(IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> annotations, AlertSource source) =>
        AlertContext.For(labels, annotations, source, _hostLabels);

    /// <summary>The context of a stored alert.</summary>
    public AlertContext ContextFor(Storage.AlertStateRow alert) =>
        ContextFor(Dedupe.AlertStateMapper.Labels(alert), Dedupe.AlertStateMapper.Annotations(alert), alert.Source);

    /// <summary>
    /// Handlers:Directory (default "handlers") as given when it exists relative to the working directory or is absolute;
    /// otherwise the copy next to the binary, where the host's build puts the repository's handlers/.
    /// </summary>
    public static string ResolveDirectory(string? configured)
    {
        var directory = string.IsNullOrWhiteSpace(configured) ? DefaultDirectory : configured.Trim();
        if (Path.IsPathRooted(directory) || System.IO.Directory.Exists(directory)) return directory;
        var besideBinary = Path.Combine(AppContext.BaseDirectory, directory);
        return System.IO.Directory.Exists(besideBinary) ? besideBinary : directory;
    }

    /// <summary>Reads the directory again now; file changes call this by themselves after <see cref="Debounce"/>.</summary>
    public void Reload()
    {
        lock (_reloading)
        {
            var previous = _current;
            var (loaded, issues) = HandlerLoader.LoadDirectory(Directory);
            var present = HandlerLoader.Files(Directory).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
            var broken = issues.Select(i => Path.GetFileName(i.File)).ToHashSet(StringComparer.Ordinal);
            var kept = previous.All.Where(h => broken.Contains(Path.GetFileName(h.File)) && present.Contains(Path.GetFileName(h.File))
                && !loaded.Any(l => string.Equals(l.Name, h.Name, StringComparison.OrdinalIgnoreCase)));
            var all = loaded.Concat(kept).OrderBy(h => Path.GetFileName(h.File), StringComparer.Ordinal).ToList();
            _current = new Snapshot(all, issues);
            foreach (var issue in issues) _logger.LogWarning("Handler file problem: {Issue}", issue.ToString());
            _logger.LogInformation("Loaded {Count} handler(s) from {Directory}{Problems}", all.Count, Directory,
                issues.Count == 0 ? "" : $"; {issues.Count} problem(s), files with problems keep their previous version");
        }
        Reloaded?.Invoke(this);
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _timer.Dispose();
    }

    private void ReloadInBackground()
    {
        try { Reload(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The directory went away or is being replaced; the handlers loaded before stay in use.
            _logger.LogWarning(e, "Reloading handlers from {Directory} failed; keeping the {Count} loaded before", Directory, All.Count);
        }
    }

    // Editors save in bursts (truncate, write, rename); one reload after the burst sees the finished file.
    private void Schedule() => _timer.Change(Debounce, Timeout.InfiniteTimeSpan);
}
