using Fremdrift.Shared.Web.Views;

namespace Fremdrift.Shared.Web;

/// <summary>
/// What goes with every page: the Content-Security-Policy for the frame (<see cref="PageLayout"/>), and the one-line
/// pages (<see cref="MessagePage"/>) that both hosts answer with when there is nothing else to show.
/// </summary>
public static class HtmlLayout
{
    /// <summary>
    /// Content-Security-Policy for pages in <see cref="PageLayout"/>: nothing from elsewhere. The inline style and
    /// the form's inline script are the views' own.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>A page with a heading and, when given, one paragraph; all of it text.</summary>
    public static string MessagePage(string title, string heading, string? text = null) =>
        HtmlViewRenderer.Render<MessagePage, MessagePageModel>(new(title, heading, text));

    /// <summary>A one-paragraph page of the secretariat's: the header's name leads back to the status page.</summary>
    public static string SecretariatMessagePage(string title, string heading, string? text = null) =>
        HtmlViewRenderer.Render<MessagePage, MessagePageModel>(new(title, heading, text) { HomeLink = Secretariat.SecretariatPaths.Root });
}
