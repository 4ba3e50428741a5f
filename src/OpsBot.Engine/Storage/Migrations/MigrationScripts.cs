namespace OpsBot.Storage.Migrations;

/// <summary>
/// The SQL a migration runs, kept as embedded files next to it. The EF Core design-time package cannot be installed
/// here, so migrations are written as SQL: start from <c>OpsBot.Host migrate --script</c> (the schema the model
/// wants) on each provider and keep only what changed.
/// </summary>
internal static class MigrationScripts
{
    public static string Read(string provider, string name)
    {
        var resource = $"OpsBot.Engine.Storage.Migrations.{provider}.{name}.sql";
        using var stream = typeof(MigrationScripts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"migration script {resource} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
