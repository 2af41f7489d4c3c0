using System.Text;
using Fremdrift.Shared.Secretariat;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Fremdrift.Shared.Web;
using static Fremdrift.Shared.Web.HtmlLayout;

namespace Fremdrift.DevServer.Endpoints;

/// <summary>The local host's start page: what runs, and where to click next; nothing personal, since it needs no sign-in.</summary>
public static class HomeEndpoints
{
    public static void MapHome(this WebApplication app)
    {
        app.MapGet("/", async (CycleRepository cycles, JobcentreRepository directory, CancellationToken ct) =>
        {
            var body = new StringBuilder();
            body.Append("<h1>Fremdrift – lokal udgave</h1>");
            body.Append("<p>Denne side kører lokalt mod Azurite. Den samme kode kører i Azure Functions.</p>");
            body.Append("<p><a href=\"/sekretariat\">Sekretariatets side</a> (log ind som <code>sekretariat</code>; kodeordet står i konsollen) · <a href=\"/sekretariat/udbakke\">Udbakken</a> med de lokale mails og jobcentrenes links · <a href=\"/sekretariat/dokumenter\">Dokumenter</a></p>");
            body.Append("<h2>Opfølgninger</h2>");
            var list = await cycles.ListAsync(ct);
            if (list.Count == 0)
            {
                body.Append("<p>Der er endnu ingen opfølgning.</p>");
            }
            else
            {
                body.Append("<ul>");
                foreach (var c in list)
                {
                    body.Append($"<li><a href=\"/sekretariat?aar={c.Year}\">{c.Year}</a>: {E(SecretariatPage.StateWord(c.State))}, svarfrist {E(DanishDates.DateAndTime(c.Deadline))}</li>");
                }

                body.Append("</ul>");
            }

            // Open to anyone who reaches the port: the jobcentres' public names only. The chiefs' names and addresses
            // are on the secretariat's page, behind the sign-in (docs/security.md).
            body.Append("<h2 id=\"h-jobcentre\">Jobcentre</h2><p>Jobcenterchefernes navne og adresser står på <a href=\"/sekretariat\">sekretariatets side</a> (kræver login).</p>");
            body.Append("<div class=\"rul\" tabindex=\"0\" role=\"region\" aria-labelledby=\"h-jobcentre\" style=\"overflow-x:auto\"><table><thead><tr><th scope=\"col\">Nr.</th><th scope=\"col\">Jobcenter</th></tr></thead><tbody>");
            foreach (var j in await directory.ListAsync(ct))
            {
                body.Append($"<tr><td>{j.MunicipalityCode}</td><td>{E(j.Name)}</td></tr>");
            }

            body.Append("</tbody></table></div>");
            return PageResult.Html(200, Page("Fremdrift", body.ToString())).ToHttp();
        });
    }
}
