using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs.Models;
using Fremdrift.Shared.Bilag.Views;
using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;
using Microsoft.Extensions.Logging;

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
    /// <summary>The import page's title and heading.</summary>
    public const string Title = "Indlæs et tidligere år";

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
        return PageResult.Html(200, HtmlViewRenderer.Render<YearImportPreview, YearImportPreviewModel>(new(basePath, plan, TrendYear.Of(plan.Year, plan.Catalogue, [], plan.Submissions), hash, fileName ?? "")));
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
            return PageResult.Html(400, Render(basePath, new YearImportOutcome.NotUsed(e.Message)));
        }

        if (hash is null || hash.Length != 64 || !hash.All(Uri.IsHexDigit))
        {
            return PageResult.Html(400, Render(basePath, new YearImportOutcome.NotUsed("Vælg filen igen; den fil, der skulle indlæses, er ikke kendt.")));
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
            return PageResult.Html(400, Render(basePath, new YearImportOutcome.NotUsed("Filen er allerede indlæst eller ikke længere gemt til indlæsning. Vælg den igen.")));
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
        return PageResult.Html(200, Render(basePath, new YearImportOutcome.Imported(plan.Year, plan.Submissions.Count, plan.Catalogue.AllRecommendations.Count())));
    }

    /// <summary>The trend view: per recommendation the counts of every stored year, as an accessible HTML table.</summary>
    public async Task<PageResult> TrendAsync(string basePath, CancellationToken ct)
    {
        var history = await documents.HistoryAsync(int.MaxValue, ct);
        return PageResult.Html(200, HtmlViewRenderer.Render<YearTrend, YearTrendModel>(new(basePath, history)));
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

    private static YearImportOutcome.Refused Errors(Exception e) =>
        new(e is ImportValidationException v ? v.Errors : [e.Message]);

    private static string Render(string basePath, YearImportOutcome? outcome) =>
        HtmlViewRenderer.Render<YearImportForm, YearImportFormModel>(new(basePath, outcome));
}
