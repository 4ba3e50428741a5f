using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using OpsBot.Storage.Providers;

namespace OpsBot.Storage.Migrations.Postgres;

/// <summary>
/// The tables of Quartz's clustered job store (prefix <c>qrtz_</c>), from the create-if-missing script Quartz ships
/// for PostgreSQL, so that one <c>migrate</c> prepares everything and the replicas need no right to create tables.
/// </summary>
[DbContext(typeof(PostgresOpsBotDbContext))]
[Migration("20261122060100_QuartzStore")]
public sealed class QuartzStore : Migration
{
    public const string TablePrefix = "qrtz_";
    private const string Resource = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        using var stream = typeof(Quartz.IScheduler).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"Quartz no longer ships {Resource}; the Quartz store migration needs a new source");
        using var reader = new StreamReader(stream);
        // '{0}' is the table prefix, '{1}' the same without a schema qualifier; statements are separated by '--;;' lines.
        var script = reader.ReadToEnd().Replace("{0}", TablePrefix).Replace("{1}", TablePrefix);
        foreach (var statement in script.Split("\n--;;", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (statement.Split('\n').Any(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith("--")))
                migrationBuilder.Sql(statement);
    }
}
