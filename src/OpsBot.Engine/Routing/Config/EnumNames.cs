namespace OpsBot.Routing.Config;

/// <summary>
/// Reads one enum member by its name. Enum.TryParse also takes numbers and comma-joined names ("viewer,responder"
/// becomes Admin as 1|2), which in configuration would quietly turn a typo into something else.
/// </summary>
public static class EnumNames
{
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        var name = Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text?.Trim(), StringComparison.OrdinalIgnoreCase));
        value = name is null ? default : Enum.Parse<T>(name);
        return name is not null;
    }
}
