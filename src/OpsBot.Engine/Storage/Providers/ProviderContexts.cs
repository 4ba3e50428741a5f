using Microsoft.EntityFrameworkCore;

namespace OpsBot.Storage.Providers;

public sealed class SqliteOpsBotDbContext(DbContextOptions<SqliteOpsBotDbContext> options) : OpsBotDbContext(options);

public sealed class PostgresOpsBotDbContext(DbContextOptions<PostgresOpsBotDbContext> options) : OpsBotDbContext(options);
