using System.Text.Encodings.Web;

namespace Fremdrift.Shared.Web;

/// <summary>
/// The one page frame every HTML page uses: Danish, responsive, readable on a phone, no external requests
/// (inline CSS, no fonts or scripts from elsewhere), and colours that meet WCAG AA contrast. Referrer policy
/// same-origin: a page's address (a chief's link holds its token) never leaves the site, while the browser still
/// sends the real Origin on the site's own form posts (with no-referrer it sends "Origin: null", which the
/// cross-site check refuses).
/// </summary>
public static partial class HtmlLayout
{
    /// <summary>HTML-encodes user text (remarks, names): anything typed is shown as text, never as markup.</summary>
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <summary>
    /// Encodes <paramref name="text"/> and turns each e-mail address in it into a mailto: link, so a contact such as
    /// "KKR Hovedstadens sekretariat, sekretariat@kkr.dk" can be clicked.
    /// </summary>
    public static string Linked(string? text) => Linked(text, E);

    /// <summary><see cref="Linked(string?)"/> with the caller's encoder (mails keep æøå unescaped).</summary>
    public static string Linked(string? text, Func<string, string> encode)
    {
        var value = text ?? "";
        var b = new System.Text.StringBuilder();
        var last = 0;
        foreach (System.Text.RegularExpressions.Match m in EmailPattern().Matches(value))
        {
            b.Append(encode(value[last..m.Index])).Append("<a href=\"mailto:").Append(encode(m.Value)).Append("\">").Append(encode(m.Value)).Append("</a>");
            last = m.Index + m.Length;
        }

        return b.Append(encode(value[last..])).ToString();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial System.Text.RegularExpressions.Regex EmailPattern();

    public static string Page(string title, string body, string? script = null, bool noIndex = true) =>
        $$"""
        <!DOCTYPE html>
        <html lang="da">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        {{(noIndex ? "<meta name=\"robots\" content=\"noindex, nofollow\">" : "")}}
        <meta name="referrer" content="same-origin">
        <title>{{E(title)}}</title>
        <style>{{Css}}</style>
        </head>
        <body>
        <a class="skip" href="#indhold">Gå til indhold</a>
        <header class="top"><p class="brand">KKR Hovedstaden · Fremdrift</p></header>
        <main id="indhold">
        {{body}}
        </main>
        {{(script is null ? "" : "<script>" + script + "</script>")}}
        </body>
        </html>
        """;

    /// <summary>Content-Security-Policy for pages built by <see cref="Page"/>: nothing from elsewhere.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private const string Css = """
        :root{--ink:#1a1a1a;--muted:#4a4a4a;--line:#c8c8c8;--bg:#fff;--accent:#0b4f8a;--groen:#1e6b2f;--gul:#7a5a00;--roed:#a11d1d;--soft:#f3f5f7}
        *{box-sizing:border-box}
        body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1.0625rem;line-height:1.5;color:var(--ink);background:var(--bg)}
        .skip{position:absolute;left:-999px}.skip:focus{left:.5rem;top:.5rem;background:#fff;padding:.5rem;z-index:9}
        .top{background:var(--accent);color:#fff;padding:.5rem 1rem}.brand{margin:0;font-weight:600}
        main{max-width:60rem;margin:0 auto;padding:1rem}
        h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}h2{font-size:1.3rem;margin:2rem 0 .5rem;border-bottom:2px solid var(--accent)}
        h3{font-size:1.1rem;margin:1.25rem 0 .5rem}
        a{color:var(--accent)}
        .notice{border-left:4px solid var(--accent);background:var(--soft);padding:.75rem 1rem;margin:1rem 0}
        .notice.error{border-color:var(--roed);background:#fdf0f0}.notice.ok{border-color:var(--groen);background:#eef7f0}
        fieldset{border:1px solid var(--line);border-radius:.4rem;padding:.75rem 1rem;margin:0 0 1rem}
        legend{font-weight:600;padding:0 .25rem}
        label{cursor:pointer}
        textarea,input[type=text],input[type=email],input[type=password],input[type=datetime-local],select{width:100%;font:inherit;padding:.5rem;border:1px solid #767676;border-radius:.3rem}
        button,.button{font:inherit;padding:.6rem 1.1rem;border-radius:.3rem;border:2px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
        button.secondary,.button.secondary{background:#fff;color:var(--accent)}
        :focus-visible{outline:3px solid var(--ink);outline-offset:2px}
        table{border-collapse:collapse;width:100%}th,td{border:1px solid var(--line);padding:.4rem .5rem;text-align:left;vertical-align:top}
        th{background:var(--soft)}
        .muted{color:var(--muted)}
        .small{font-size:.9rem}
        @media (max-width:40rem){main{padding:.75rem}h1{font-size:1.35rem}}
        """;
}
