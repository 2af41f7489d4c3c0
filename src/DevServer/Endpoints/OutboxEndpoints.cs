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
                ? PageResult.Html(404, HtmlLayout.SecretariatMessagePage("Ikke fundet", "Mailen findes ikke i udbakken")).ToHttp()
                // Every mail's HTML part is a whole document with a viewport (MailFrame), so it shows as a page as is.
                : PageResult.Html(200, mail.Html).ToHttp();
        });
    }

    /// <summary>The http(s) addresses in a mail's plain-text body, in order, once each.</summary>
    public static IReadOnlyList<string> Links(string text) =>
        UrlPattern().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex UrlPattern();
}
