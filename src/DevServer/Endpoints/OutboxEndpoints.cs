using System.Text;
using System.Text.RegularExpressions;
using Fremdrift.DevServer.Mail;
using Fremdrift.Shared.Survey;
using Fremdrift.Shared.Web;
using static Fremdrift.Shared.Web.HtmlLayout;

namespace Fremdrift.DevServer.Endpoints;

/// <summary>The local outbox under /sekretariat/udbakke: every mail "sent", newest first, with clickable links.</summary>
public static partial class OutboxEndpoints
{
    public static void MapOutbox(this RouteGroupBuilder secretariat)
    {
        secretariat.MapGet("/udbakke", (OutboxStore outbox) =>
        {
            var mails = outbox.List();
            var b = new StringBuilder();
            b.Append("<h1>Udbakke (lokal)</h1><p>Lokalt sendes mails ikke: de lægges her og i mappen <code>")
                .Append(E(outbox.Folder)).Append("</code>. I Azure sendes de med SendGrid.</p>");
            if (mails.Count == 0)
            {
                b.Append("<p>Udbakken er tom.</p>");
            }

            b.Append("<ol class=\"udbakke\" reversed>");
            foreach (var m in mails)
            {
                b.Append("<li><p><strong>").Append(E(m.Subject)).Append("</strong><br>Til ").Append(E(m.ToName)).Append(" &lt;")
                    .Append(E(m.To)).Append("&gt; · ").Append(E(DanishDates.DateAndTime(m.At))).Append("</p><ul>");
                foreach (var url in Links(m.Text))
                {
                    b.Append("<li><a href=\"").Append(E(url)).Append("\">").Append(E(url)).Append("</a></li>");
                }

                foreach (var attachment in m.Attachments)
                {
                    b.Append("<li>Vedhæftet: ").Append(E(attachment)).Append("</li>");
                }

                b.Append("<li><a href=\"udbakke/").Append(E(m.Id)).Append("\">Vis mailen</a></li></ul></li>");
            }

            b.Append("</ol>");
            return PageResult.Html(200, Page("Udbakke", b.ToString())).ToHttp();
        });

        secretariat.MapGet("/udbakke/{id}", (string id, OutboxStore outbox) =>
        {
            var mail = outbox.Get(id);
            return mail is null
                ? PageResult.Html(404, Page("Ikke fundet", "<h1>Mailen findes ikke i udbakken</h1>")).ToHttp()
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
