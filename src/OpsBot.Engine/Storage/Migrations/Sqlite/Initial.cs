using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using OpsBot.Storage.Providers;

namespace OpsBot.Storage.Migrations.Sqlite;

[DbContext(typeof(SqliteOpsBotDbContext))]
[Migration(Id)]
public sealed class Initial : Migration
{
    public const string Id = "20261122060000_Initial";

    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(MigrationScripts.Read("Sqlite", Id));
}
