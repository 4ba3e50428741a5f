namespace OpsBot.Handlers;

/// <summary>One problem in a handler file. A file with any issue is left out of the catalogue until it is fixed.</summary>
/// <param name="File">The file as found in the handlers directory, e.g. "handlers/disk-full.yaml".</param>
/// <param name="Key">Where in the file, as a path such as "fix.executor" or "diagnostics[1].ssh[2]"; empty for the file as a whole.</param>
/// <param name="Line">Set only for YAML syntax errors, where no key can be named.</param>
public sealed record HandlerIssue(string File, string Key, string Message, int Line = 0, int Column = 0)
{
    /// <summary>The handler name this issue belongs to: the file name without extension.</summary>
    public string Handler => Path.GetFileNameWithoutExtension(File);

    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        return Key.Length == 0 ? $"{where}: {Message}" : $"{where}: {Key}: {Message}";
    }
}
