using System.Text.RegularExpressions;
using Fremdrift.DevServer.Mail;
using Fremdrift.DevServer.Views;
using Fremdrift.Shared.Web;

namespace Fremdrift.DevServer.Endpoints;

/// <summary>The local outbox under /sekretariat/udbakke: every mail "sent", newest first, with clickable links.</summary>
internal static partial class OutboxEndpoints
{
    public static void MapOutbox(this RouteGroupBuilder secretariat)
    {
        secretariat.MapGet("/udbakke", (OutboxStore outbox) =>
            PageResult.Html(200, HtmlViewRenderer.Render<Outbox, OutboxModel>(new(outbox.Folder, outbox.List()))).ToHttp());

        secretariat.MapGet("/udbakke/{id}", (string id, OutboxStore outbox) =>
        {
            var mail = outbox.Get(id);
            return mail is null
                ? PageResult.Html(404, HtmlLayout.MessagePage("Ikke fundet", "Mailen findes ikke i udbakken")).ToHttp()
                : PageResult.Html(200, WithViewport(mail.Html)).ToHttp();
        });
    }

    /// <summary>
    /// A mail shown as a page gets a viewport, as a phone's mail app would give it; without one a phone browser
    /// lays it out 980 px wide. Mails that carry their own are left alone.
    /// </summary>
    public static string WithViewport(string html)
    {
        const string meta = "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
        if (html.Contains("name=\"viewport\"", StringComparison.OrdinalIgnoreCase))
        {
            return html;
        }

        var head = html.IndexOf("<head>", StringComparison.OrdinalIgnoreCase);
        return head < 0 ? meta + html : html.Insert(head + "<head>".Length, meta);
    }

    /// <summary>The http(s) addresses in a mail's plain-text body, in order, once each.</summary>
    public static IReadOnlyList<string> Links(string text) =>
        UrlPattern().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex UrlPattern();
}
