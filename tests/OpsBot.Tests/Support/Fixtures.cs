using System.Text.Json;

namespace OpsBot.Tests.Support;

/// <summary>
/// Locates the shared protocol fixtures (shared/fixtures beside the repository). OPSBOT_FIXTURES_DIR wins when set;
/// otherwise each folder from the test binaries upwards is asked for shared/fixtures and ../shared/fixtures.
/// </summary>
public static class Fixtures
{
    public const string EnvironmentVariable = "OPSBOT_FIXTURES_DIR";

    private static readonly Lazy<string> Located = new(Locate);

    public static string Directory => Located.Value;

    /// <summary>The repository this test build belongs to (the folder holding OpsBot.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string PathOf(string name)
    {
        var path = Path.Combine(Directory, name);
        if (!File.Exists(path)) throw new FileNotFoundException($"fixture '{name}' not found in {Directory}", path);
        return path;
    }

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static string Text(string name) => File.ReadAllText(PathOf(name));

    public static T Json<T>(string name) =>
        JsonSerializer.Deserialize<T>(Bytes(name)) ?? throw new InvalidOperationException($"fixture '{name}' is JSON null");

    public static JsonElement JsonElement(string name)
    {
        using var document = JsonDocument.Parse(Bytes(name));
        return document.RootElement.Clone();
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OpsBot.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"OpsBot.sln not found above {AppContext.BaseDirectory}");
    }

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            if (System.IO.Directory.Exists(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
            throw new DirectoryNotFoundException($"{EnvironmentVariable}={fromEnvironment} does not exist");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "fixtures"), Path.Combine(dir.FullName, "..", "shared", "fixtures") })
                if (System.IO.Directory.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        throw new DirectoryNotFoundException(
            $"shared/fixtures not found above {AppContext.BaseDirectory}; set {EnvironmentVariable} to the fixtures directory");
    }
}
