using System.Text.RegularExpressions;

namespace OpsBot.Handlers;

internal enum VariableKind { Label, Annotation, Host, AlertName, Severity }

internal abstract record TemplatePart;

internal sealed record LiteralPart(string Text) : TemplatePart;

internal sealed record VariablePart(VariableKind Kind, string Name) : TemplatePart
{
    /// <summary>How refusals name where a value came from: "label mountpoint", "annotation summary", "host".</summary>
    public string Source => Kind switch
    {
        VariableKind.Label => $"label {Name}",
        VariableKind.Annotation => $"annotation {Name}",
        VariableKind.Host => "host",
        VariableKind.AlertName => "label alertname",
        _ => "label severity",
    };

    /// <summary>Null when the alert does not carry the value.</summary>
    public string? ValueIn(AlertContext context) => Kind switch
    {
        VariableKind.Label => context.Labels.GetValueOrDefault(Name),
        VariableKind.Annotation => context.Annotations.GetValueOrDefault(Name),
        VariableKind.Host => context.Host,
        VariableKind.AlertName => context.Labels.GetValueOrDefault("alertname"),
        _ => context.Labels.GetValueOrDefault("severity"),
    };
}

/// <summary>The {{ variable }} syntax. Deliberately no functions, pipes or conditionals: a handler only fills in values.</summary>
internal static partial class TemplateSyntax
{
    public const string Variables = "labels.NAME, annotations.NAME, host, alertname or severity";

    /// <returns>The parts, or empty with <paramref name="error"/> set.</returns>
    public static IReadOnlyList<TemplatePart> Parse(string template, out string? error)
    {
        error = null;
        var parts = new List<TemplatePart>();
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add(new LiteralPart(template[position..]));
                break;
            }
            if (open > position) parts.Add(new LiteralPart(template[position..open]));
            var close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"unterminated '{{{{' at character {open + 1} (close it with '}}}}')";
                return [];
            }
            var inner = template[(open + 2)..close].Trim();
            if (Variable(inner) is not { } variable)
            {
                error = $"unknown template variable '{inner}' (use {Variables})";
                return [];
            }
            parts.Add(variable);
            position = close + 2;
        }
        return parts;
    }

    /// <summary>
    /// Values are escaped for a PromQL double-quoted string, which only protects them inside one; a variable anywhere
    /// else could change the query's shape.
    /// </summary>
    public static string? PromQLPlacementError(IReadOnlyList<TemplatePart> parts)
    {
        char? quote = null;
        var escaping = false;
        foreach (var part in parts)
        {
            if (part is VariablePart variable)
            {
                // "\{{ x }}" would let the backslash swallow the escape in front of a quote from the value.
                if (escaping) return $"{{{{ {Describe(variable)} }}}} must not follow a backslash";
                if (quote != '"') return $"{{{{ {Describe(variable)} }}}} must stand inside a double-quoted string, e.g. instance=\"{{{{ host }}}}\"";
                continue;
            }
            foreach (var c in ((LiteralPart)part).Text)
            {
                if (escaping) escaping = false;
                else if (quote is null && c is '"' or '\'' or '`') quote = c;
                else if (quote is not null && c == '\\' && quote != '`') escaping = true;
                else if (quote == c) quote = null;
            }
        }
        return null;
    }

    private static string Describe(VariablePart variable) => variable.Kind switch
    {
        VariableKind.Label => $"labels.{variable.Name}",
        VariableKind.Annotation => $"annotations.{variable.Name}",
        _ => variable.Kind.ToString().ToLowerInvariant(),
    };

    private static VariablePart? Variable(string inner)
    {
        switch (inner)
        {
            case "host": return new VariablePart(VariableKind.Host, "host");
            case "alertname": return new VariablePart(VariableKind.AlertName, "alertname");
            case "severity": return new VariablePart(VariableKind.Severity, "severity");
        }
        var match = Qualified().Match(inner);
        if (!match.Success) return null;
        return new VariablePart(match.Groups[1].Value == "labels" ? VariableKind.Label : VariableKind.Annotation, match.Groups[2].Value);
    }

    [GeneratedRegex(@"^(labels|annotations)\.([A-Za-z_][A-Za-z0-9_]*)$")]
    private static partial Regex Qualified();
}
