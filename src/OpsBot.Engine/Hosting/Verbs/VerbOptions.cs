using System.ComponentModel.DataAnnotations;

namespace OpsBot.Hosting.Verbs;

/// <summary>A verb runs without the host, so it checks the options it reads itself, with the rules the host applies at start.</summary>
internal static class VerbOptions
{
    /// <returns>What is wrong with <paramref name="options"/> (data annotations and its own Validate), empty when usable.</returns>
    public static List<string> Problems(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage ?? "invalid")];
    }
}
