using System.Globalization;
using System.Net;
using System.Text;

namespace OpsBot.WebConsole;

/// <summary>
/// Writes HTML and inline SVG where every text and attribute value is encoded on the way in, so alert names,
/// labels and chat details (all sender-controlled) can never become markup. Tag and attribute names come from code only.
/// </summary>
public sealed class HtmlBuilder
{
    private readonly StringBuilder html = new();

    public HtmlBuilder Open(string tag, params (string Name, object? Value)[] attributes)
    {
        StartTag(tag, attributes);
        html.Append('>');
        return this;
    }

    public HtmlBuilder Close(string tag)
    {
        html.Append("</").Append(CheckName(tag)).Append('>');
        return this;
    }

    /// <summary>An element with no children: self-closed, which both HTML void elements and inline SVG accept.</summary>
    public HtmlBuilder Empty(string tag, params (string Name, object? Value)[] attributes)
    {
        StartTag(tag, attributes);
        html.Append(" />");
        return this;
    }

    public HtmlBuilder Element(string tag, object? text, params (string Name, object? Value)[] attributes) =>
        Open(tag, attributes).Text(text).Close(tag);

    public HtmlBuilder Text(object? text)
    {
        html.Append(WebUtility.HtmlEncode(Format(text)));
        return this;
    }

    /// <summary>A link; the address is encoded like any attribute and only relative or http(s) addresses are kept.</summary>
    public HtmlBuilder Link(string href, object? text, params (string Name, object? Value)[] attributes) =>
        Element("a", text, [("href", SafeHref(href)), .. attributes]);

    /// <summary>For constant markup written in this assembly (the style sheet, the doctype); never for data.</summary>
    internal HtmlBuilder Trusted(string markup)
    {
        html.Append(markup);
        return this;
    }

    public override string ToString() => html.ToString();

    /// <summary>Numbers in the invariant culture so SVG coordinates and data attributes read the same everywhere.</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        double d => d.ToString("0.##", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private void StartTag(string tag, (string Name, object? Value)[] attributes)
    {
        html.Append('<').Append(CheckName(tag));
        foreach (var (name, value) in attributes)
        {
            // A null value leaves the attribute out, so optional attributes read naturally at the call site.
            if (value is null || value is false) continue;
            html.Append(' ').Append(CheckName(name));
            if (value is true) continue;
            html.Append("=\"").Append(WebUtility.HtmlEncode(Format(value))).Append('"');
        }
    }

    private static string SafeHref(string href) =>
        href.StartsWith('/') && !href.StartsWith("//", StringComparison.Ordinal) && !href.StartsWith("/\\", StringComparison.Ordinal)
        || href.StartsWith("?", StringComparison.Ordinal) || href.StartsWith("#", StringComparison.Ordinal)
        || href.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || href.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            ? href
            : "#";

    private static string CheckName(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or ':' or '_'))
                throw new ArgumentException($"'{name}' is not a tag or attribute name", nameof(name));
        }
        return name.Length > 0 ? name : throw new ArgumentException("empty tag or attribute name", nameof(name));
    }
}
