using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace OpsBot.Storage;

public enum StorageProvider { Sqlite, Postgres }

public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    /// <summary>Sqlite (embedded default, one process) or Postgres (production, any number of replicas).</summary>
    [Required] public string Provider { get; set; } = nameof(StorageProvider.Sqlite);

    /// <summary>The provider; an unknown name reads as the default here and is refused by the validation at start.</summary>
    public StorageProvider Kind => Routing.Config.EnumNames.TryParse<StorageProvider>(Provider, out var kind) ? kind : StorageProvider.Sqlite;

    /// <summary>The section as configured, for decisions made while services are registered, before options are validated.</summary>
    public static StorageOptions Read(IConfiguration configuration) => configuration.GetSection(Section).Get<StorageOptions>() ?? new StorageOptions();

    /// <summary>The SQLite database file; its folder is created if missing.</summary>
    [Required] public string SqlitePath { get; set; } = "data/opsbot.db";

    /// <summary>PostgreSQL only, in Npgsql's form: Host=…;Port=…;Database=…;Username=…;Password=….</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// PostgreSQL only: apply pending migrations at start. Off by default, since production usually migrates once,
    /// with an account allowed to change the schema (<c>OpsBot.Host migrate</c>). SQLite always migrates at start.
    /// </summary>
    public bool MigrateAtStart { get; set; }

    public string SqliteConnectionString => $"Data Source={Path.GetFullPath(SqlitePath)};Default Timeout=30";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Routing.Config.EnumNames.TryParse<StorageProvider>(Provider, out var kind))
            yield return new ValidationResult(
                $"Storage:Provider '{Provider}' is not one of {string.Join(", ", Enum.GetNames<StorageProvider>())}", [nameof(Provider)]);
        else if (kind == StorageProvider.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
            yield return new ValidationResult("Storage:ConnectionString is required when Storage:Provider is Postgres", [nameof(ConnectionString)]);
    }
}
