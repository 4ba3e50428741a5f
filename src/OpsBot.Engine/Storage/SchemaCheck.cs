using Microsoft.EntityFrameworkCore;

namespace OpsBot.Storage;

/// <summary>
/// The migrations hold SQL rather than a model snapshot, so nothing else would notice a model change that was
/// given no migration. This compares the database with the model at start and names what is missing.
/// </summary>
public static class SchemaCheck
{
    public static async Task<IReadOnlyList<string>> FindMissingAsync(OpsBotDbContext db, CancellationToken ct)
    {
        var missing = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var columns = await ColumnsAsync(db, table, ct);
            if (columns.Count == 0) missing.Add($"table {table}");
            else missing.AddRange(entity.GetProperties().Select(p => p.GetColumnName()).Where(c => !columns.Contains(c)).Select(c => $"column {table}.{c}"));
        }
        return missing;
    }

    public static async Task RequireCurrentAsync(OpsBotDbContext db, string where, CancellationToken ct)
    {
        var missing = await FindMissingAsync(db, ct);
        if (missing.Count > 0)
            throw new OutdatedDatabaseException(
                $"{where} does not match this OpsBot (missing {string.Join(", ", missing.Take(5))}): a model change has no migration.");
    }

    private static Task<List<string>> ColumnsAsync(OpsBotDbContext db, string table, CancellationToken ct) => db.Database.IsNpgsql()
        ? db.Database.SqlQuery<string>(
            $"SELECT column_name::text AS \"Value\" FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = {table}").ToListAsync(ct)
        : db.Database.SqlQuery<string>($"SELECT name AS Value FROM pragma_table_info({table})").ToListAsync(ct);
}
