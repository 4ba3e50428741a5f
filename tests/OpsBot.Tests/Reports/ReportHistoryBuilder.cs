using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using OpsBot.Alerts;
using OpsBot.Handlers;
using OpsBot.Reports;
using OpsBot.Routing;
using OpsBot.Routing.Config;
using OpsBot.Storage;
using OpsBot.Tests.Support;

namespace OpsBot.Tests.Reports;

/// <summary>A temporary SQLite database with the two-zones example teams, filled row by row with a history whose figures are known.</summary>
internal sealed class ReportHistoryBuilder : IDisposable
{
    public static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"opsbot-report-{Guid.NewGuid():N}.db");
    private readonly SqliteConnection _connection;
    private readonly HandlerCatalog _catalog;

    public ReportHistoryBuilder()
    {
        _connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        _connection.Open();
        Db = new OpsBotDbContext(new DbContextOptionsBuilder<OpsBotDbContext>().UseSqlite(_connection).Options);
        Db.Database.EnsureCreated();
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Fixtures.RepositoryRoot, "deploy", "examples", "teams.two-zones.json")).Build();
        Router = new Router(RoutingConfiguration.Load(configuration).Model);
        _catalog = new HandlerCatalog(Path.Combine(Fixtures.RepositoryRoot, "handlers"), Router.Model.HostLabels, NullLogger<HandlerCatalog>.Instance);
    }

    public OpsBotDbContext Db { get; }
    public Router Router { get; }
    public ReportOptions Options { get; } = new();

    public ReportBuilder Builder() => new(Db, Router, _catalog, Options);

    /// <summary>A wall-clock time in Berlin; an ambiguous one (the repeated hour) is the earlier.</summary>
    public static DateTimeOffset At(int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(2026, month, day, hour, minute).InZoneLeniently(Berlin).ToDateTimeOffset();

    public long Alert(string name, string? team = "dba", string? host = null, IReadOnlyDictionary<string, string>? annotations = null)
    {
        var labels = new Dictionary<string, string> { ["alertname"] = name };
        if (host is not null) labels["host"] = host;
        var row = new AlertStateRow
        {
            Fingerprint = Guid.NewGuid().ToString("N"), AlertName = name, Summary = name, Team = team, Source = AlertSource.Alertmanager,
            LabelsJson = JsonSerializer.Serialize(labels), AnnotationsJson = JsonSerializer.Serialize(annotations ?? new Dictionary<string, string>()),
            LinksJson = "[]", TransitionsJson = "[]",
        };
        Db.Alerts.Add(row);
        Db.SaveChanges();
        return row.Id;
    }

    /// <summary>An episode opened at <paramref name="start"/>, acknowledged and resolved the given minutes later (null: never).</summary>
    public void Episode(long alert, DateTimeOffset start, double? ackAfter = null, double? resolveAfter = null, string opened = "Opened")
    {
        Occurrence(alert, opened, AlertSignal.Firing, start);
        Occurrence(alert, "Repeated", AlertSignal.Firing, start.AddMinutes(1));
        if (ackAfter is { } a) Occurrence(alert, "Acknowledged", AlertSignal.Acknowledged, start.AddMinutes(a));
        if (resolveAfter is { } r) Occurrence(alert, "Resolved", AlertSignal.Resolved, start.AddMinutes(r));
    }

    public void Occurrence(long alert, string outcome, AlertSignal signal, DateTimeOffset at)
    {
        Db.Occurrences.Add(new AlertOccurrenceRow
        {
            EventId = Guid.NewGuid(), AlertId = alert, Fingerprint = "f", Outcome = outcome, Signal = signal, ReceivedAt = at, StartsAt = at,
        });
        Db.SaveChanges();
    }

    public void Notification(long? alert, string kind, DateTimeOffset at, string team = "dba")
    {
        Db.Notifications.Add(new NotificationRow
        {
            AlertId = alert, Team = team, Kind = kind, Channel = "dba-pages", MentionsJson = "[]", Title = kind, Text = kind, CreatedAt = at,
        });
        Db.SaveChanges();
    }

    public void Route(long alert, string urgency, DateTimeOffset at, string team = "dba")
    {
        Db.Routes.Add(new RouteRow { AlertId = alert, DecidedAt = at, Trigger = "opened", Team = team, Urgency = urgency, DecisionJson = "{}" });
        Db.SaveChanges();
    }

    public void Fix(long alert, FixRunState state, DateTimeOffset at, string team = "dba")
    {
        Db.FixRuns.Add(new FixRunRow
        {
            AlertId = alert, Handler = "h", Team = team, Target = "t", Executor = "ssh", Policy = "dry-run", Action = "a",
            ArgumentsJson = "[]", State = state, CreatedAt = at,
        });
        Db.SaveChanges();
    }

    public void Dispose()
    {
        _catalog.Dispose();
        Db.Dispose();
        _connection.Dispose();
        File.Delete(_path);
    }
}
