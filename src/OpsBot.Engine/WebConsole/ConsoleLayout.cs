namespace OpsBot.WebConsole;

/// <summary>
/// The one page frame: title, navigation and an inline style sheet. No scripts, fonts or images from elsewhere, so the
/// pages work offline and under "default-src 'none'; style-src 'unsafe-inline'".
/// </summary>
public static class ConsoleLayout
{
    public static readonly (string Key, string Title, string Href)[] Sections =
    [
        ("alerts", "Alerts", "/console"),
        ("silences", "Silences", "/console/silences"),
        ("audit", "Audit", "/console/audit"),
        ("reports", "Reports", "/console/reports"),
    ];

    public static string Page(string title, string section, Action<HtmlBuilder> body)
    {
        var h = new HtmlBuilder().Trusted("<!DOCTYPE html>");
        h.Open("html", ("lang", "en")).Open("head")
            .Empty("meta", ("charset", "utf-8"))
            .Empty("meta", ("name", "viewport"), ("content", "width=device-width, initial-scale=1"))
            .Element("title", $"{title} · OpsBot")
            .Open("style").Trusted(Style).Close("style")
            .Close("head");
        h.Open("body", ("data-section", section)).Open("nav", ("aria-label", "Console"));
        h.Element("span", "OpsBot", ("class", "brand"));
        foreach (var (key, name, href) in Sections)
            h.Link(href, name, ("aria-current", key == section ? "page" : null));
        h.Close("nav").Open("main");
        h.Element("h1", title);
        body(h);
        h.Close("main").Close("body").Close("html");
        return h.ToString();
    }

    /// <summary>A page with one message, for refusals and errors.</summary>
    public static string Message(string title, string message, string section = "") =>
        Page(title, section, h => h.Element("p", message, ("class", "message")));

    private const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
        nav{display:flex;gap:1.2em;align-items:center;padding:.7em 1.5em;background:#1d2430}
        nav a{color:#c9d3e0;text-decoration:none}nav a[aria-current=page]{color:#fff;font-weight:600;border-bottom:2px solid #f08c3a}
        .brand{color:#f08c3a;font-weight:700;margin-right:1em}
        main{padding:1em 1.5em 3em;max-width:1400px}
        h1{font-size:1.5em;margin:.3em 0 .6em}h2{font-size:1.15em;margin:1.6em 0 .5em}
        table{border-collapse:collapse;background:#fff;font-variant-numeric:tabular-nums}
        th,td{border:1px solid #dde2e8;padding:.3em .55em;text-align:left;vertical-align:top}
        th{background:#eef1f5;font-weight:600}td.num{text-align:right}
        .muted{color:#6a7585}.up{color:#b3261e}.down{color:#1e7b34}
        .charts{display:flex;flex-wrap:wrap;gap:1.5em}.charts figure{margin:0;background:#fff;padding:.6em;border:1px solid #dde2e8}
        figcaption{font-weight:600;margin-bottom:.4em}
        svg text{font:11px system-ui,sans-serif;fill:#1d2430}
        .pager{display:flex;gap:1.5em;margin:.8em 0}
        .suggestion{background:#fff;border-left:4px solid #f08c3a;padding:.4em .8em;margin:.5em 0}
        .message{background:#fff;border:1px solid #dde2e8;padding:1em;max-width:50em}
        ul.reasons{margin:0;padding-left:1.1em}
        """;
}
