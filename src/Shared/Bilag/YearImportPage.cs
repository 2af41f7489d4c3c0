using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;
using Microsoft.Extensions.Logging;
using static Fremdrift.Shared.Web.HtmlLayout;

namespace Fremdrift.Shared.Bilag;

/// <summary>
/// The secretariat's import of an earlier year and its trend view, shared by the local host and the Functions app
/// (each maps it under its authenticated secretariat routes and passes its base path, e.g. /sekretariat/indlaes).
/// Upload → preview (nothing stored; the file is parked under its SHA-256 so the confirm step reads exactly the
/// file that was previewed) → confirm, which validates again and stores the year like a closed live cycle:
/// the catalogue snapshot, every jobcentre's submitted answers, the cycle row last, and an audit entry.
/// </summary>
public sealed class YearImportPage(
    StorageClients clients,
    CycleRepository cycles,
    CatalogueRepository catalogues,
    JobcentreRepository directory,
    ResponseRepository responses,
    AuditLogRepository audit,
    CycleDocuments documents,
    TimeProvider time,
    ILogger<YearImportPage> logger)
{
    private const string StagingFolder = "indlaesning/";
    private const string Title = "Indlæs et tidligere år";

    /// <summary>The catalogue file that ships for exactly <paramref name="year"/> (src/Shared/Data/catalogue-&lt;year&gt;.json), or null.</summary>
    public static Domain.Catalogue? CatalogueFileFor(int year)
    {
        var name = $"catalogue-{year.ToString(CultureInfo.InvariantCulture)}.json";
        return EmbeddedData.Names().Contains(name) ? CatalogueFile.Parse(EmbeddedData.Read(name), $"{name} (indbygget)", year) : null;
    }

    public static PageResult Show(string basePath) => PageResult.Html(200, Render(basePath, null));

    /// <summary>
    /// Reads the multipart upload (field "fil") of either host and previews it. The file is read up to one byte past
    /// <see cref="YearImportFile.MaxBytes"/>, so a file that is too large is refused in Danish, not by the server.
    /// </summary>
    public async Task<PageResult> PreviewUploadAsync(string basePath, Microsoft.AspNetCore.Http.HttpRequest request, CancellationToken ct)
    {
        Microsoft.AspNetCore.Http.IFormFile? file;
        try
        {
            file = request.HasFormContentType ? (await request.ReadFormAsync(ct)).Files.GetFile("fil") : null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            return await PreviewAsync(basePath, "", new byte[YearImportFile.MaxBytes + 1], ct);
        }

        using var buffer = new MemoryStream();
        if (file is not null)
        {
            await using var stream = file.OpenReadStream();
            var chunk = new byte[81920];
            int read;
            while (buffer.Length <= YearImportFile.MaxBytes && (read = await stream.ReadAsync(chunk, ct)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }
        }

        return await PreviewAsync(basePath, file?.FileName, buffer.ToArray(), ct);
    }

    /// <summary>Reads and validates an uploaded file and shows what would be stored; stores nothing but the parked file.</summary>
    public async Task<PageResult> PreviewAsync(string basePath, string? fileName, byte[] content, CancellationToken ct)
    {
        ImportPlan plan;
        try
        {
            plan = await PlanAsync(content, fileName ?? "", ct);
        }
        catch (Exception e) when (e is ImportFileException or ImportValidationException)
        {
            return PageResult.Html(400, Render(basePath, Errors(e)));
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        await clients.Guard(async () =>
        {
            try
            {
                await clients.Documents.GetBlobClient(StagingFolder + hash + ".bin").UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    Metadata = new Dictionary<string, string> { ["filename"] = Uri.EscapeDataString(fileName ?? "") },
                }, ct);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // The same file was previewed before; the parked copy is identical by its hash.
            }

            return true;
        });
        return PageResult.Html(200, Page(Title, Preview(basePath, plan, hash, fileName ?? "")));
    }

    /// <summary>Stores the previewed file's year, all or nothing, after validating it again against the storage as it is now.</summary>
    public async Task<PageResult> ConfirmAsync(string basePath, FormFields form, string actor, CancellationToken ct)
    {
        string? hash;
        try
        {
            hash = form.One("fil");
        }
        catch (FormFieldException e)
        {
            return PageResult.Html(400, Render(basePath, $"<p class=\"notice error\" role=\"alert\">{E(e.Message)}</p>"));
        }

        if (hash is null || hash.Length != 64 || !hash.All(Uri.IsHexDigit))
        {
            return PageResult.Html(400, Render(basePath, "<p class=\"notice error\" role=\"alert\">Vælg filen igen; den fil, der skulle indlæses, er ikke kendt.</p>"));
        }

        var blob = clients.Documents.GetBlobClient(StagingFolder + hash.ToLowerInvariant() + ".bin");
        var content = await clients.Guard(async () =>
        {
            try
            {
                return (await blob.DownloadContentAsync(ct)).Value.Content.ToArray();
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return null;
            }
        });
        if (content is null)
        {
            return PageResult.Html(400, Render(basePath, "<p class=\"notice error\" role=\"alert\">Filen er allerede indlæst eller ikke længere gemt til indlæsning. Vælg den igen.</p>"));
        }

        ImportPlan plan;
        try
        {
            plan = await PlanAsync(content, "", ct);
            await StoreAsync(plan, actor, ct);
        }
        catch (Exception e) when (e is ImportFileException or ImportValidationException)
        {
            return PageResult.Html(400, Render(basePath, Errors(e)));
        }

        await clients.Guard(async () => (await blob.DeleteIfExistsAsync(cancellationToken: ct)).Value);
        var done = $"<p class=\"notice ok\" role=\"status\">{plan.Year} er indlæst: svar fra {plan.Submissions.Count} jobcentre på {plan.Catalogue.AllRecommendations.Count()} anbefalinger. " +
            $"Året indgår nu i udviklingen, og {plan.Year + 1} kan udfyldes på forhånd og sammenlignes med {plan.Year}.</p>";
        return PageResult.Html(200, Render(basePath, done));
    }

    /// <summary>The trend view: per recommendation the counts of every stored year, as an accessible HTML table.</summary>
    public async Task<PageResult> TrendAsync(string basePath, CancellationToken ct)
    {
        var history = await documents.HistoryAsync(int.MaxValue, ct);
        var b = new StringBuilder();
        b.Append("<h1>Udvikling pr. anbefaling</h1>");
        b.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(basePath)}\">{Title}</a></p>");
        if (history.Count == 0)
        {
            b.Append("<p>Der er endnu ingen år i Fremdrift.</p>");
            return PageResult.Html(200, Page("Udvikling", b.ToString()));
        }

        b.Append("<p>Antal kommuner med hver status, år for år. \"Uden status\": jobcentret indsendte uden at give anbefalingen en status. \"Ikke svaret\": jobcentret indsendte ikke. Hver række giver i alt antallet af kommuner det år.</p>");
        var ids = history.SelectMany(y => y.Counts.Keys).Distinct().ToList();
        b.Append("<table><caption>Status pr. anbefaling og år</caption><thead><tr><th scope=\"col\">Anbefaling</th><th scope=\"col\">År</th>");
        foreach (var heading in DocumentText.StatusHeadings)
        {
            b.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{E(heading)}</th>");
        }

        b.Append("<th scope=\"col\">I alt</th></tr></thead><tbody>");
        foreach (var id in ids)
        {
            var years = history.Where(y => y.Counts.ContainsKey(id)).ToList();
            for (var i = 0; i < years.Count; i++)
            {
                var counts = years[i].Counts[id];
                b.Append("<tr>");
                if (i == 0)
                {
                    b.Append(CultureInfo.InvariantCulture, $"<th scope=\"rowgroup\" rowspan=\"{years.Count}\">{E(id)}</th>");
                }

                b.Append(CultureInfo.InvariantCulture, $"<th scope=\"row\">{years[i].Year}</th>");
                foreach (var value in counts.ByStatus)
                {
                    b.Append(CultureInfo.InvariantCulture, $"<td>{value}</td>");
                }

                b.Append(CultureInfo.InvariantCulture, $"<td>{counts.Total}</td></tr>");
            }
        }

        b.Append("</tbody></table>");
        return PageResult.Html(200, Page("Udvikling", b.ToString()));
    }

    private async Task<ImportPlan> PlanAsync(byte[] content, string fileName, CancellationToken ct)
    {
        var table = YearImportFile.Read(content, fileName);
        var known = (await directory.ListAsync(ct)).Select(j => j.MunicipalityCode).ToHashSet();
        var plan = YearImport.Plan(table, known, CatalogueFileFor);
        if (await cycles.GetAsync(plan.Year, ct) is not null || (await responses.ListAsync(plan.Year, ct)).Count > 0)
        {
            throw new ImportValidationException([$"Række 2, kolonne A (År): {plan.Year} findes allerede i Fremdrift. Et år kan kun indlæses, når der ikke er en opfølgning for det i forvejen."]);
        }

        if (await catalogues.GetAsync(plan.Year, ct) is { } stored && !SameRecommendations(stored, plan.Catalogue))
        {
            throw new ImportValidationException([$"Der er allerede gemt et andet katalog med anbefalinger for {plan.Year}; filens anbefalinger passer ikke til det."]);
        }

        return plan;
    }

    private async Task StoreAsync(ImportPlan plan, string actor, CancellationToken ct)
    {
        await catalogues.SaveIfMissingAsync(plan.Catalogue, ct);
        var stored = plan.Submissions.Select(s => SurveyResponse.New(plan.Year, s.MunicipalityCode) with
        {
            State = ResponseState.Submitted,
            Submitted = s.Answers,
            SubmittedAt = s.SubmittedAt,
            SubmittedBy = s.SubmittedBy,
            LastSubmissionId = "indlaest",
        }).ToList();
        try
        {
            await responses.AddAllAsync(plan.Year, stored, ct);
        }
        catch (ConcurrencyConflictException)
        {
            throw new ImportValidationException([$"Der blev gemt svar for {plan.Year} i mellemtiden; intet er indlæst."]);
        }

        var times = plan.Submissions.Select(s => s.SubmittedAt!.Value).Order().ToList();
        var now = time.GetUtcNow();
        var cycle = new FollowUpCycle(
            plan.Year, plan.Year, times.FirstOrDefault(now), times.LastOrDefault(now), ReminderPlan.Default, false,
            CycleState.Closed, now, "Indlæst fra fil af sekretariatet", "");
        try
        {
            await cycles.CreateAsync(cycle, ct);
        }
        catch (ConcurrencyConflictException)
        {
            throw new ImportValidationException([$"Der blev oprettet en opfølgning for {plan.Year} i mellemtiden."]);
        }

        await audit.AppendAsync(new AuditEntry(
            plan.Year, now, actor, "Indlæste et tidligere år",
            $"{plan.Rows} rækker: svar fra {plan.Submissions.Count} jobcentre på {plan.Catalogue.AllRecommendations.Count()} anbefalinger " +
            (plan.CatalogueFromFile ? $"(kataloget for {plan.Year})." : "(anbefalingerne fra filen).")), ct);
        logger.LogInformation("Imported {Year}: {Jobcentres} jobcentres, {Rows} rows, by {Actor}", plan.Year, plan.Submissions.Count, plan.Rows, actor);
    }

    private static bool SameRecommendations(Domain.Catalogue a, Domain.Catalogue b) =>
        a.AllRecommendations.Select(r => (r.Id, r.Obligation, r.Text)).SequenceEqual(b.AllRecommendations.Select(r => (r.Id, r.Obligation, r.Text)));

    private static string Errors(Exception e)
    {
        var errors = e is ImportValidationException v ? v.Errors : [e.Message];
        var b = new StringBuilder("<div class=\"notice error\" role=\"alert\"><p><strong>Filen er ikke indlæst; intet er gemt.</strong> Ret følgende og prøv igen:</p><ul>");
        foreach (var error in errors)
        {
            b.Append(CultureInfo.InvariantCulture, $"<li>{E(error)}</li>");
        }

        return b.Append("</ul></div>").ToString();
    }

    private static string Render(string basePath, string? notice)
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"<h1>{Title}</h1>{notice}");
        b.Append("<p>Indlæs status for et år, der ikke er kørt i Fremdrift, fra en Excel-fil i samme form som Fremdrifts eget Excel-udtræk " +
            "(kolonnerne " + E(string.Join(", ", YearImport.RequiredHeadings)) + "), eller de samme kolonner som CSV (UTF-8 eller Windows-1252, semikolon eller komma). " +
            "En række pr. kommune og anbefaling; tom status betyder, at kommunen ikke svarede. Du ser, hvad der bliver gemt, før noget gemmes.</p>");
        b.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{E(basePath)}\" enctype=\"multipart/form-data\">");
        b.Append("<p><label for=\"fil\">Fil (.xlsx eller .csv)</label><br><input type=\"file\" id=\"fil\" name=\"fil\" accept=\".xlsx,.csv\" required></p>");
        b.Append("<p><button type=\"submit\">Vis hvad der bliver indlæst</button></p></form>");
        b.Append(CultureInfo.InvariantCulture, $"<p><a href=\"{E(basePath)}/udvikling\">Udvikling pr. anbefaling for alle gemte år</a></p>");
        return Page(Title, b.ToString());
    }

    private static string Preview(string basePath, ImportPlan plan, string hash, string fileName)
    {
        var trend = TrendYear.Of(plan.Year, plan.Catalogue, [], plan.Submissions);
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"<h1>Indlæs {plan.Year}: kontrollér før der gemmes</h1>");
        b.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" role=\"status\">{E(fileName)}: {plan.Rows} rækker er læst uden fejl. Intet er gemt endnu.</p>");
        b.Append("<ul>");
        b.Append(CultureInfo.InvariantCulture, $"<li>År: <strong>{plan.Year}</strong></li>");
        var source = plan.CatalogueFromFile ? $"fra kataloget for {plan.Year}" : "fra filen (der findes ikke et katalog for året)";
        b.Append(CultureInfo.InvariantCulture, $"<li>Anbefalinger: {plan.Catalogue.AllRecommendations.Count()} i {plan.Catalogue.Areas.Count} områder, {source}</li>");
        b.Append(CultureInfo.InvariantCulture, $"<li>Jobcentre med svar: {plan.Submissions.Count}: {E(string.Join(", ", plan.Submissions.Select(s => s.MunicipalityCode.ToString(CultureInfo.InvariantCulture))))}</li>");
        foreach (var note in plan.Notes)
        {
            b.Append(CultureInfo.InvariantCulture, $"<li>{E(note)}</li>");
        }

        b.Append("</ul>");
        b.Append(CultureInfo.InvariantCulture, $"<table><caption>Det bliver gemt: antal jobcentre med svar pr. status og anbefaling, {plan.Year}</caption><thead><tr><th scope=\"col\">Anbefaling</th>");
        foreach (var heading in DocumentText.StatusHeadings.Take(5))
        {
            b.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{E(heading)}</th>");
        }

        b.Append("</tr></thead><tbody>");
        foreach (var recommendation in plan.Catalogue.AllRecommendations)
        {
            var counts = trend.Counts[recommendation.Id];
            b.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{E(recommendation.Id)} ({DocumentText.Obligation(recommendation.Obligation)}) {E(recommendation.Text)}</th>");
            foreach (var value in counts.ByStatus.Take(5))
            {
                b.Append(CultureInfo.InvariantCulture, $"<td>{value}</td>");
            }

            b.Append("</tr>");
        }

        b.Append("</tbody></table>");
        b.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{E(basePath)}/bekraeft\"><input type=\"hidden\" name=\"fil\" value=\"{hash}\">");
        b.Append(CultureInfo.InvariantCulture, $"<p><button type=\"submit\">Gem {plan.Year}</button> <a class=\"button secondary\" href=\"{E(basePath)}\">Fortryd</a></p></form>");
        return b.ToString();
    }
}
