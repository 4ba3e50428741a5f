using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpsBot.Handlers;

/// <summary>
/// Fills a handler's templates with one alert's values: {{ labels.NAME }}, {{ annotations.NAME }}, {{ host }},
/// {{ alertname }}, {{ severity }}. Text written in the handler file is trusted (it comes from the repository); values
/// from the alert are not, so each kind of output gets its own rules.
/// </summary>
public static partial class HandlerTemplate
{
    /// <returns>Null when <paramref name="template"/> is well formed; otherwise what is wrong with it.</returns>
    public static string? Validate(string template)
    {
        TemplateSyntax.Parse(template, out var error);
        return error;
    }

    /// <summary>Also requires every variable to stand inside a double-quoted PromQL string, where escaping protects it.</summary>
    public static string? ValidatePromQL(string template)
    {
        var parts = TemplateSyntax.Parse(template, out var error);
        return error ?? TemplateSyntax.PromQLPlacementError(parts);
    }

    public static bool HasVariables(string template) => Parse(template).Any(p => p is VariablePart);

    /// <summary>For titles, runbook steps and link texts: values go in as they are; a missing one renders empty.</summary>
    /// <exception cref="FormatException">The template is malformed (the loader refuses such files).</exception>
    public static string RenderText(string template, AlertContext context) => Render(template, context, value => value);

    /// <summary>For link addresses: values are percent-encoded, so a label cannot add query parameters or change the path.</summary>
    /// <exception cref="FormatException">The template is malformed.</exception>
    public static string RenderUrl(string template, AlertContext context) => Render(template, context, Uri.EscapeDataString);

    /// <summary>For request bodies, which are JSON: values are escaped for a JSON string, so write them inside quotes.</summary>
    /// <exception cref="FormatException">The template is malformed.</exception>
    public static string RenderJson(string template, AlertContext context) =>
        Render(template, context, value => JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString());

    /// <summary>
    /// Renders each element on its own (never split on spaces). A value from the alert must be a plain word or path
    /// (^[A-Za-z0-9/][A-Za-z0-9._:@/=+-]*$, no '..' segment, not empty); when <paramref name="allowedPaths"/> is not
    /// empty, an element from the alert that is a path must lie under one of them. Any failure refuses the whole vector.
    /// </summary>
    public static RenderedArguments RenderArguments(IReadOnlyList<string> templates, AlertContext context, IReadOnlyList<string> allowedPaths)
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(allowedPaths);
        var rendered = new List<string>(templates.Count);
        foreach (var template in templates)
        {
            var parts = TemplateSyntax.Parse(template, out var error);
            if (error is not null) return RenderedArguments.Refuse($"argument '{template}': {error}");
            var text = new StringBuilder();
            var sources = new List<string>();
            foreach (var part in parts)
            {
                if (part is LiteralPart literal)
                {
                    text.Append(literal.Text);
                    continue;
                }
                var variable = (VariablePart)part;
                var value = variable.ValueIn(context);
                if (ArgumentSafety.CheckValue(variable.Source, value) is { } refusal) return RenderedArguments.Refuse(refusal);
                if (OutsidePaths(value!, allowedPaths)) return RenderedArguments.Refuse(Outside(variable.Source, value!, allowedPaths));
                text.Append(value);
                sources.Add(variable.Source);
            }
            var element = text.ToString();
            if (sources.Count > 0)
            {
                var from = string.Join(", ", sources.Distinct());
                // Checked again as a whole: a trusted prefix plus an alert value can still form a path or a '..'.
                if (ArgumentSafety.HasParentSegment(element)) return RenderedArguments.Refuse($"{from}: the argument '{element}' has a '..' path segment");
                if (OutsidePaths(element, allowedPaths)) return RenderedArguments.Refuse(Outside(from, element, allowedPaths));
            }
            rendered.Add(element);
        }
        return new RenderedArguments(rendered, null);
    }

    /// <summary>
    /// Values are escaped for a PromQL double-quoted string (backslash, quote, newline); the host must be a plain name
    /// (^[A-Za-z0-9._-]+$) because it usually goes into a regex matcher such as instance=~"{{ host }}(:[0-9]+)?".
    /// </summary>
    public static RenderedQuery RenderPromQL(string template, AlertContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parts = TemplateSyntax.Parse(template, out var error);
        if ((error ?? TemplateSyntax.PromQLPlacementError(parts)) is { } problem) return new RenderedQuery("", $"query: {problem}");
        var query = new StringBuilder();
        foreach (var part in parts)
        {
            if (part is LiteralPart literal)
            {
                query.Append(literal.Text);
                continue;
            }
            var variable = (VariablePart)part;
            var value = variable.ValueIn(context) ?? "";
            if (variable.Kind == VariableKind.Host && !PlainHost().IsMatch(value))
                return new RenderedQuery("", value.Length == 0 ? "host: the alert names no host" : $"host: '{value}' is not a plain host name (letters, digits, '.', '_', '-')");
            query.Append(EscapePromQL(value));
        }
        return new RenderedQuery(query.ToString(), null);
    }

    internal static string EscapePromQL(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);

    private static bool OutsidePaths(string value, IReadOnlyList<string> allowedPaths) =>
        allowedPaths.Count > 0 && value.StartsWith('/') && !ArgumentSafety.IsUnder(value, allowedPaths);

    private static string Outside(string source, string path, IReadOnlyList<string> allowedPaths) =>
        $"{source}: '{path}' is outside the allowed paths ({string.Join(", ", allowedPaths)})";

    private static string Render(string template, AlertContext context, Func<string, string> encode)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = new StringBuilder();
        foreach (var part in Parse(template))
            text.Append(part is LiteralPart literal ? literal.Text : encode(((VariablePart)part).ValueIn(context) ?? ""));
        return text.ToString();
    }

    private static IReadOnlyList<TemplatePart> Parse(string template)
    {
        var parts = TemplateSyntax.Parse(template, out var error);
        return error is null ? parts : throw new FormatException($"template '{template}': {error}");
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]+\z")]
    private static partial Regex PlainHost();
}
