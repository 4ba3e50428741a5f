using System.ComponentModel.DataAnnotations;

namespace OpsBot.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Sqlite (embedded default). PostgreSQL arrives with the production mode.</summary>
    [Required] public string Provider { get; set; } = "Sqlite";

    /// <summary>The SQLite database file; its folder is created if missing.</summary>
    [Required] public string SqlitePath { get; set; } = "data/opsbot.db";

    public string SqliteConnectionString => $"Data Source={Path.GetFullPath(SqlitePath)};Default Timeout=30";
}
