using System.Text.Encodings.Web;
using Fremdrift.Shared.Web.Views;
using Microsoft.AspNetCore.Components;

namespace Fremdrift.Shared.Web;

/// <summary>
/// The headers that go with every page (<see cref="Views.PageLayout"/> is the page frame itself), and, until the
/// last pages are views, the bridge that puts their markup into that frame.
/// </summary>
public static class HtmlLayout
{
    /// <summary>Content-Security-Policy for pages in <see cref="Views.PageLayout"/>: nothing from elsewhere.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>HTML-encodes user text (remarks, names): anything typed is shown as text, never as markup.</summary>
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <summary>Encodes <paramref name="text"/> and turns each e-mail address in it into a mailto: link.</summary>
    public static string Linked(string? text) =>
        HtmlViewRenderer.Render<LinkedText>(new Dictionary<string, object?> { [nameof(LinkedText.Text)] = text });

    /// <summary>A page in the common frame, with a body that is already HTML.</summary>
    public static string Page(string title, string body, string? script = null, bool noIndex = true) =>
        HtmlViewRenderer.Render<PageLayout>(new Dictionary<string, object?>
        {
            [nameof(PageLayout.Title)] = title,
            [nameof(PageLayout.NoIndex)] = noIndex,
            [nameof(PageLayout.Script)] = script,
            [nameof(PageLayout.ChildContent)] = (RenderFragment)(b => b.AddMarkupContent(0, body)),
        });
}
