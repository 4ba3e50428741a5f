using Microsoft.Data.Sqlite;

namespace OpsBot.Tests.Integration;

/// <summary>Reads a host's SQLite file directly, the way an operator would, to check what is really stored.</summary>
public static class TestDatabase
{
    public static long Scalar(string databasePath, string sql) => Convert.ToInt64(Query(databasePath, sql));

    public static string Text(string databasePath, string sql) => Convert.ToString(Query(databasePath, sql))!;

    public static SqliteConnection Open(string databasePath)
    {
        var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    private static object? Query(string databasePath, string sql)
    {
        using var connection = Open(databasePath);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
