using System.Globalization;
using System.Text;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Fremdrift.Shared.Web;
using Microsoft.Extensions.Logging;
using static Fremdrift.Shared.Web.HtmlLayout;

namespace Fremdrift.Shared.Bilag;

/// <summary>
/// The secretariat's document page, shared by the local host and the Functions app (each maps it under its
/// authenticated secretariat routes and passes its own base path): the year's documents with download links,
/// and buttons that build a draft bilag, the Excel export, the final bilag or one municipality's form.
/// Building is POST → redirect → GET; a refused build re-renders the page with the Danish reason.
/// </summary>
public sealed class DocumentsPage(
    ICycleDocuments documents,
    CycleRepository cycles,
    JobcentreRepository directory,
    AuditLogRepository audit,
    TimeProvider time,
    ILogger<DocumentsPage> logger)
{
    private static readonly (DocumentKind Kind, string Action, string Button)[] Builds =
    [
        (DocumentKind.DraftBilag, "udkast", "Dan udkast til bilag"),
        (DocumentKind.Excel, "excel", "Dan Excel-udtræk"),
        (DocumentKind.Bilag, "bilag", "Dan endeligt bilag"),
        (DocumentKind.MunicipalityForm, "skema", "Dan kommunens fremdriftsskema"),
    ];

    public async Task<PageResult> ShowAsync(string basePath, string? yearText, string? builtBlobName, CancellationToken ct)
    {
        var year = await YearAsync(yearText, ct);
        string? notice = null;
        if (DocumentName.TryParse(builtBlobName, out var built))
        {
            notice = $"<p class=\"notice ok\" role=\"status\">Dannet: {E(DocumentName.Describe(built.Kind))}, version {built.Version}. Den ligger øverst i listen nedenfor.</p>";
        }

        return PageResult.Html(200, await RenderAsync(basePath, year, notice, ct));
    }

    public async Task<PageResult> BuildAsync(string basePath, FormFields form, string actor, CancellationToken ct)
    {
        int year;
        string? action;
        string? municipality;
        try
        {
            year = await YearAsync(form.One("aar"), ct);
            action = form.One("handling");
            municipality = form.One("kommune");
        }
        catch (FormFieldException e)
        {
            return PageResult.Html(400, Page("Dokumenter", $"<h1>Dokumenter</h1><p class=\"notice error\" role=\"alert\">{E(e.Message)} Formularen blev ikke brugt.</p>"));
        }

        var build = Builds.FirstOrDefault(b => b.Action == action);
        if (build.Action is null)
        {
            return await ErrorAsync(basePath, year, 400, "Ukendt handling. Brug en af knapperne på siden.", ct);
        }

        int? code = null;
        if (build.Kind == DocumentKind.MunicipalityForm)
        {
            if (!int.TryParse(municipality, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return await ErrorAsync(basePath, year, 400, "Vælg hvilken kommunes fremdriftsskema der skal dannes.", ct);
            }

            code = parsed;
        }

        try
        {
            var stored = await documents.BuildAsync(year, build.Kind, code, ct);
            await audit.AppendAsync(new AuditEntry(year, time.GetUtcNow(), actor, "document-built", stored.BlobName), ct);
            return PageResult.Redirect($"{basePath}?aar={year}&dannet={Uri.EscapeDataString(stored.BlobName)}");
        }
        catch (DocumentBuildException e)
        {
            return await ErrorAsync(basePath, year, 409, e.Message, ct);
        }
        catch (StorageUnavailableException e)
        {
            logger.LogError(e, "Building {Kind} for {Year} failed: storage unavailable", build.Kind, year);
            return PageResult.Html(503, Page("Dokumenter", $"<h1>Dokumenter</h1><p class=\"notice error\" role=\"alert\">{E(e.Message)}</p>"));
        }
    }

    public async Task<PageResult> DownloadAsync(string? blobName, CancellationToken ct)
    {
        if (!DocumentName.TryParse(blobName, out var name))
        {
            return PageResult.Text(404, "Dokumentet findes ikke.");
        }

        var content = await documents.ReadAsync(name.BlobName, ct);
        if (content is null)
        {
            return PageResult.Text(404, "Dokumentet findes ikke (mere).");
        }

        var listed = (await documents.ListAsync(name.Year, ct)).FirstOrDefault(d => d.BlobName == name.BlobName);
        return PageResult.File(content, name.ContentType, listed?.FileName ?? name.FileName(null));
    }

    private async Task<PageResult> ErrorAsync(string basePath, int year, int status, string message, CancellationToken ct) =>
        PageResult.Html(status, await RenderAsync(basePath, year, $"<p class=\"notice error\" role=\"alert\">{E(message)}</p>", ct));

    private async Task<int> YearAsync(string? yearText, CancellationToken ct)
    {
        if (int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 2000 and <= 2999)
        {
            return year;
        }

        var all = await cycles.ListAsync(ct);
        return all.Count > 0 ? all[^1].Year : DanishDates.ToCopenhagen(time.GetUtcNow()).Year;
    }

    private async Task<string> RenderAsync(string basePath, int year, string? notice, CancellationToken ct)
    {
        var cycle = await cycles.GetAsync(year, ct);
        var allCycles = await cycles.ListAsync(ct);
        var list = await documents.ListAsync(year, ct);
        var jobcentres = await directory.ListAsync(ct);
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"<h1>Dokumenter for {year}</h1>");
        b.Append(notice);
        b.Append(cycle is null
            ? $"<p>Der er ingen opfølgning for {year}.</p>"
            : $"<p>Opfølgningen for {year} er {E(StateText(cycle.State))}. {(cycle.State == CycleState.Closed ? "Det endelige bilag kan dannes." : "Det endelige bilag kan dannes, når den er lukket; et udkast kan dannes når som helst.")}</p>");
        if (allCycles.Count > 1)
        {
            b.Append(CultureInfo.InvariantCulture, $"<form method=\"get\" action=\"{E(basePath)}\"><label for=\"aar\">Vis år</label> <select id=\"aar\" name=\"aar\">");
            foreach (var c in allCycles)
            {
                b.Append(CultureInfo.InvariantCulture, $"<option value=\"{c.Year}\"{(c.Year == year ? " selected" : "")}>{c.Year}</option>");
            }

            b.Append("</select> <button type=\"submit\" class=\"secondary\">Vis</button></form>");
        }

        b.Append("<h2>Dan et dokument</h2><p>Hvert dokument dannes ud fra de indsendte svar lige nu og gemmes som en ny version; ældre versioner bliver liggende.</p>");
        foreach (var (kind, action, button) in Builds.Where(x => x.Kind != DocumentKind.MunicipalityForm))
        {
            b.Append(CultureInfo.InvariantCulture,
                $"<form method=\"post\" action=\"{E(basePath)}\" class=\"build\"><input type=\"hidden\" name=\"aar\" value=\"{year}\"><input type=\"hidden\" name=\"handling\" value=\"{action}\"><button type=\"submit\"{(kind == DocumentKind.Bilag ? "" : " class=\"secondary\"")}>{E(button)}</button></form> ");
        }

        b.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{E(basePath)}\"><input type=\"hidden\" name=\"aar\" value=\"{year}\"><input type=\"hidden\" name=\"handling\" value=\"skema\">");
        b.Append("<p><label for=\"kommune\">Kommunens eget fremdriftsskema</label><select id=\"kommune\" name=\"kommune\">");
        foreach (var j in jobcentres)
        {
            b.Append(CultureInfo.InvariantCulture, $"<option value=\"{j.MunicipalityCode}\">{E(j.Municipality)} ({j.MunicipalityCode})</option>");
        }

        b.Append("</select></p><button type=\"submit\" class=\"secondary\">Dan kommunens fremdriftsskema</button></form>");

        b.Append("<h2>Gemte dokumenter</h2>");
        if (list.Count == 0)
        {
            b.Append("<p>Der er endnu ingen dokumenter for året.</p>");
        }

        foreach (var group in list.GroupBy(d => d.Kind))
        {
            b.Append(CultureInfo.InvariantCulture, $"<h3>{E(DocumentName.Describe(group.Key))}</h3>");
            b.Append("<table><thead><tr><th scope=\"col\">Fil</th><th scope=\"col\">Version</th><th scope=\"col\">Dannet</th><th scope=\"col\">Størrelse</th></tr></thead><tbody>");
            foreach (var d in group)
            {
                var href = $"{basePath}/hent?navn={Uri.EscapeDataString(d.BlobName)}";
                b.Append(CultureInfo.InvariantCulture,
                    $"<tr><td><a href=\"{E(href)}\" download>{E(d.FileName)}</a></td><td>{d.Version}</td><td>{E(DanishDates.DateAndTime(d.CreatedAt))}</td><td>{(d.Size + 1023) / 1024} KB</td></tr>");
            }

            b.Append("</tbody></table>");
        }

        b.Append("<p class=\"small muted\">Bilaget indeholder titelblok med svarprocent og hvem der ikke har svaret, en oversigt over alle anbefalinger mod alle kommuner (liggende side) med optælling, og derefter hver kommunes vurdering, udvikling siden sidste år og bemærkninger.</p>");
        var import = basePath[..(basePath.LastIndexOf('/') + 1)] + "indlaes";
        b.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(import)}\">Indlæs et tidligere år fra Excel eller CSV</a> · <a href=\"{E(import)}/udvikling\">Udvikling pr. anbefaling</a></p>");
        return Page($"Dokumenter {year}", b.ToString());
    }

    private static string StateText(CycleState state) => state switch
    {
        CycleState.Planned => "planlagt (ikke åbnet endnu)",
        CycleState.Open => "åben",
        _ => "lukket",
    };
}
