using System.Globalization;
using Fremdrift.Shared.Bilag.Views;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;
using Microsoft.Extensions.Logging;

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
    private static readonly DocumentBuild[] Builds =
    [
        new(DocumentKind.DraftBilag, "udkast", "Dan udkast til bilag"),
        new(DocumentKind.Excel, "excel", "Dan Excel-udtræk"),
        new(DocumentKind.Bilag, "bilag", "Dan endeligt bilag"),
        new(DocumentKind.MunicipalityForm, "skema", "Dan kommunens fremdriftsskema"),
    ];

    public async Task<PageResult> ShowAsync(string basePath, string? yearText, string? builtBlobName, CancellationToken ct)
    {
        var year = await YearAsync(yearText, ct);
        PageMessage? notice = null;
        if (DocumentName.TryParse(builtBlobName, out var built))
        {
            notice = new PageMessage($"Dannet: {DocumentName.Describe(built.Kind)}, version {built.Version}. Den ligger øverst i listen nedenfor.", IsError: false);
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
            return PageResult.Html(400, HtmlViewRenderer.Render<DocumentsRefused, DocumentsRefusedModel>(new($"{e.Message} Formularen blev ikke brugt.")));
        }

        var build = Builds.FirstOrDefault(b => b.Action == action);
        if (build is null)
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
            return PageResult.Html(503, HtmlViewRenderer.Render<DocumentsRefused, DocumentsRefusedModel>(new(e.Message)));
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
        PageResult.Html(status, await RenderAsync(basePath, year, new PageMessage(message, IsError: true), ct));

    private async Task<int> YearAsync(string? yearText, CancellationToken ct)
    {
        if (int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 2000 and <= 2999)
        {
            return year;
        }

        var all = await cycles.ListAsync(ct);
        return all.Count > 0 ? all[^1].Year : DanishDates.ToCopenhagen(time.GetUtcNow()).Year;
    }

    private async Task<string> RenderAsync(string basePath, int year, PageMessage? notice, CancellationToken ct)
    {
        var cycle = await cycles.GetAsync(year, ct);
        var allCycles = await cycles.ListAsync(ct);
        var list = await documents.ListAsync(year, ct);
        var jobcentres = await directory.ListAsync(ct);
        return HtmlViewRenderer.Render<Documents, DocumentsModel>(new(basePath, year, cycle, allCycles, Builds, list, jobcentres, notice));
    }
}
