using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs.Models;
using Fremdrift.Shared.Bilag.Views;
using Fremdrift.Shared.Catalogue;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Fremdrift.Shared.Bilag;

/// <summary>
/// The secretariat's import of an earlier year, its deletion or replacement, and the trend view, shared by the local
/// host and the Functions app (each maps it under its authenticated secretariat routes and passes its base path,
/// e.g. /sekretariat/indlaes). Upload → preview (nothing stored; the file is parked under its SHA-256 so the confirm
/// step reads exactly the file that was previewed) → confirm, which validates again, claims the year's import record
/// (so two confirms of one year cannot both write) and stores the year like a closed cycle: the catalogue snapshot,
/// every jobcentre's submitted answers, the cycle row last, and an audit entry. A failure while writing removes what
/// was written. A year that Fremdrift ran itself is never deleted or replaced.
/// </summary>
public sealed class YearImportPage(
    StorageClients clients,
    CycleRepository cycles,
    CatalogueRepository catalogues,
    JobcentreRepository directory,
    ResponseRepository responses,
    AuditLogRepository audit,
    ImportedYearRepository imports,
    CycleDocuments documents,
    TimeProvider time,
    ILogger<YearImportPage> logger)
{
    private const string StagingFolder = "indlaesning/";

    /// <summary>The import page's title and heading.</summary>
    public const string Title = "Indlæs et tidligere år";

    /// <summary>The start of an imported year's closed reason; how the cockpit knows a year came from a file.</summary>
    public const string ImportedReason = "Indlæst fra fil";

    /// <summary>The upload's request limit: the file plus room for the multipart framing, the same in both hosts.</summary>
    public const long MaxRequestBytes = YearImportFile.MaxBytes + 64 * 1024;

    /// <summary>An import or deletion that has not finished in this long was cut off (the process died); it may be taken over.</summary>
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(10);

    /// <summary>True when the cycle row was written by an import, not by a cycle Fremdrift ran.</summary>
    public static bool IsImported(FollowUpCycle cycle)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        return cycle.State == CycleState.Closed && cycle.ClosedReason?.StartsWith(ImportedReason, StringComparison.Ordinal) == true;
    }

    /// <summary>The catalogue file that ships for exactly <paramref name="year"/> (src/Shared/Data/catalogue-&lt;year&gt;.json), or null.</summary>
    public static Domain.Catalogue? CatalogueFileFor(int year)
    {
        var name = $"catalogue-{year.ToString(CultureInfo.InvariantCulture)}.json";
        return EmbeddedData.Names().Contains(name) ? CatalogueFile.Parse(EmbeddedData.Read(name), $"{name} (indbygget)", year) : null;
    }

    /// <summary>The form, with the imported years that can be deleted or replaced.</summary>
    public async Task<PageResult> ShowAsync(string basePath, CancellationToken ct) =>
        PageResult.Html(200, await RenderAsync(basePath, null, ct));

    /// <summary>
    /// Reads the multipart upload (field "fil") of either host as a stream and previews it. The request may be
    /// <see cref="MaxRequestBytes"/> in both hosts, and the file is read up to one byte past
    /// <see cref="YearImportFile.MaxBytes"/>, so a file that is too large is refused in Danish with the real limit.
    /// </summary>
    public async Task<PageResult> PreviewUploadAsync(string basePath, HttpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRequestBytes;
        }

        if (request.ContentLength > MaxRequestBytes)
        {
            return PageResult.Html(400, await RenderAsync(basePath, new YearImportOutcome.Refused([YearImportFile.TooLargeMessage]), ct));
        }

        string? fileName = null;
        byte[]? content = null;
        try
        {
            var boundary = request.ContentType is { } type && MediaTypeHeaderValue.TryParse(type, out var media)
                ? HeaderUtilities.RemoveQuotes(media.Boundary).Value
                : null;
            if (string.IsNullOrEmpty(boundary) || !request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                return PageResult.Html(400, await RenderAsync(basePath, new YearImportOutcome.NotUsed("Vælg en fil og send formularen igen; der kom ingen fil med."), ct));
            }

            var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = YearImportFile.MaxBytes + 1L };
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && disposition.IsFileDisposition() && HeaderUtilities.RemoveQuotes(disposition.Name).Value == "fil" && content is null)
                {
                    fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                    content = await ReadUpToAsync(section.Body, YearImportFile.MaxBytes + 1, ct);
                }
                else
                {
                    await section.Body.CopyToAsync(Stream.Null, ct);
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            // A request past the host's body limit, a section past BodyLengthLimit, or a broken multipart body.
            var tooLarge = e is InvalidDataException { Message: var m } && m.Contains("length limit", StringComparison.OrdinalIgnoreCase)
                || e is BadHttpRequestException { StatusCode: 413 };
            return PageResult.Html(400, await RenderAsync(basePath, tooLarge
                ? new YearImportOutcome.Refused([YearImportFile.TooLargeMessage])
                : new YearImportOutcome.NotUsed("Filen kom ikke helt frem. Vælg den igen og prøv en gang til."), ct));
        }

        if (content is null)
        {
            return PageResult.Html(400, await RenderAsync(basePath, new YearImportOutcome.NotUsed("Vælg en fil og send formularen igen; der kom ingen fil med."), ct));
        }

        return await PreviewAsync(basePath, fileName, content, ct);
    }

    private static async Task<byte[]> ReadUpToAsync(Stream stream, int max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while (buffer.Length < max && (read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, max - buffer.Length)), ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length >= max)
        {
            // Past the limit: read no more of it into memory, but let the host finish the request.
            await stream.CopyToAsync(Stream.Null, ct);
        }

        return buffer.ToArray();
    }

    /// <summary>Reads and validates an uploaded file and shows what would be stored; stores nothing but the parked file.</summary>
    public async Task<PageResult> PreviewAsync(string basePath, string? fileName, byte[] content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        ImportPlan plan;
        Existing existing;
        try
        {
            (plan, existing) = await PlanAsync(content, fileName ?? "", ct);
        }
        catch (Exception e) when (e is ImportFileException or ImportValidationException)
        {
            return PageResult.Html(400, await RenderAsync(basePath, Errors(e), ct));
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
        // Who answered and who did not, by name in Danish order; "did not" is the directory's active jobcentres without an answer.
        var danish = StringComparer.Create(CultureInfo.GetCultureInfo("da-DK"), false);
        var jobcentres = await directory.ListAsync(ct);
        var names = jobcentres.ToDictionary(j => j.MunicipalityCode, j => j.Municipality);
        var answeredCodes = plan.Submissions.Select(s => s.MunicipalityCode).ToHashSet();
        var answered = plan.Submissions.Select(s => names.GetValueOrDefault(s.MunicipalityCode, s.MunicipalityCode.ToString(CultureInfo.InvariantCulture))).Order(danish).ToList();
        var notAnswered = jobcentres.Where(j => j.Active && !answeredCodes.Contains(j.MunicipalityCode)).Select(j => j.Municipality).Order(danish).ToList();
        return PageResult.Html(200, HtmlViewRenderer.Render<YearImportPreview, YearImportPreviewModel>(new(
            basePath, plan, TrendYear.Of(plan.Year, plan.Catalogue, [], plan.Submissions), hash, fileName ?? "", answered, notAnswered,
            existing.Replaces, existing.Version)));
    }

    /// <summary>The confirm step from a request of either host: a body that is not the form gets a Danish 400.</summary>
    public async Task<PageResult> ConfirmRequestAsync(string basePath, HttpRequest request, string actor, CancellationToken ct) =>
        await ReadFormAsync(request) is { } form
            ? await ConfirmAsync(basePath, form, actor, ct)
            : PageResult.Html(400, await RenderAsync(basePath, new YearImportOutcome.NotUsed("Formularen kom ikke med. Vælg filen igen og tryk \"Vis hvad der bliver indlæst\"."), ct));

    /// <summary>Stores the previewed file's year, all or nothing, after validating it again against the storage as it is now.</summary>
    public async Task<PageResult> ConfirmAsync(string basePath, FormFields form, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        string? hash, version, replace;
        try
        {
            hash = form.One("fil");
            version = form.One("version");
            replace = form.One("erstat");
        }
        catch (FormFieldException e)
        {
            return PageResult.Html(400, await RenderAsync(basePath, new YearImportOutcome.NotUsed(e.Message), ct));
        }

        if (hash is null || hash.Length != 64 || !hash.All(Uri.IsHexDigit))
        {
            return PageResult.Html(400, await RenderAsync(basePath, new YearImportOutcome.NotUsed("Vælg filen igen; den fil, der skulle indlæses, er ikke kendt."), ct));
        }

        var blob = clients.Documents.GetBlobClient(StagingFolder + hash.ToLowerInvariant() + ".bin");
        var staged = await clients.Guard(async () =>
        {
            try
            {
                var download = (await blob.DownloadContentAsync(ct)).Value;
                var name = download.Details.Metadata.TryGetValue("filename", out var escaped) ? Uri.UnescapeDataString(escaped) : "";
                return (Content: download.Content.ToArray(), Name: name);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return (Content: (byte[]?)null, Name: "");
            }
        });
        if (staged.Content is null)
        {
            return PageResult.Html(400, await RenderAsync(basePath, new YearImportOutcome.NotUsed("Filen er allerede indlæst eller ikke længere gemt til indlæsning. Vælg den igen."), ct));
        }

        ImportPlan plan;
        try
        {
            Existing existing;
            (plan, existing) = await PlanAsync(staged.Content, staged.Name, ct);
            if (existing.Replaces is not null && replace != "1")
            {
                throw new ImportValidationException([$"{plan.Year} er blevet indlæst i mellemtiden. Vælg filen igen, hvis den skal erstatte det indlæste år."]);
            }

            var expected = version is null or "" or "ny" ? null : version;
            if (expected != existing.Version)
            {
                throw new ImportValidationException([Conflict(plan.Year)]);
            }

            await StoreAsync(plan, staged.Name, existing, actor, ct);
        }
        catch (Exception e) when (e is ImportFileException or ImportValidationException)
        {
            return PageResult.Html(400, await RenderAsync(basePath, Errors(e), ct));
        }

        await clients.Guard(async () => (await blob.DeleteIfExistsAsync(cancellationToken: ct)).Value);
        return PageResult.Html(200, await RenderAsync(basePath, new YearImportOutcome.Imported(plan.Year, plan.Submissions.Count, plan.Catalogue.AllRecommendations.Count()), ct));
    }

    /// <summary>The confirmation page of "Slet": what the deletion removes, or why the year cannot be deleted.</summary>
    public async Task<PageResult> DeletePageAsync(string basePath, string yearText, CancellationToken ct)
    {
        if (!TryYear(yearText, out var year))
        {
            return PageResult.Html(404, await RenderAsync(basePath, new YearImportOutcome.NotUsed($"\"{Short(yearText)}\" er ikke et år."), ct));
        }

        var existing = await ExistingAsync(year, ct);
        if (existing.Refusal is { } refusal)
        {
            return PageResult.Html(409, await RenderAsync(basePath, new YearImportOutcome.NotUsed(refusal), ct));
        }

        if (existing.Replaces is null)
        {
            return PageResult.Html(404, await RenderAsync(basePath, new YearImportOutcome.NotUsed($"{year} er ikke indlæst; der er intet at slette."), ct));
        }

        return PageResult.Html(200, HtmlViewRenderer.Render<YearImportDelete, YearImportDeleteModel>(new(basePath, existing.Replaces, existing.Version ?? "ny")));
    }

    /// <summary>The deletion from a request of either host: a body that is not the form gets a Danish 400.</summary>
    public async Task<PageResult> DeleteRequestAsync(string basePath, string yearText, HttpRequest request, string actor, CancellationToken ct) =>
        await ReadFormAsync(request) is { } form
            ? await DeleteAsync(basePath, yearText, form, actor, ct)
            : PageResult.Html(400, await RenderAsync(basePath, new YearImportOutcome.NotUsed("Formularen kom ikke med. Åbn siden \"Slet\" igen og bekræft derfra."), ct));

    /// <summary>Deletes an imported year (after its confirmation page): its cycle row, answers and catalogue; audited.</summary>
    public async Task<PageResult> DeleteAsync(string basePath, string yearText, FormFields form, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!TryYear(yearText, out var year))
        {
            return PageResult.Html(404, await RenderAsync(basePath, new YearImportOutcome.NotUsed($"\"{Short(yearText)}\" er ikke et år."), ct));
        }

        string? version;
        try
        {
            version = form.One("version");
        }
        catch (FormFieldException e)
        {
            return PageResult.Html(400, await RenderAsync(basePath, new YearImportOutcome.NotUsed(e.Message), ct));
        }

        var existing = await ExistingAsync(year, ct);
        if (existing.Refusal is { } refusal)
        {
            return PageResult.Html(409, await RenderAsync(basePath, new YearImportOutcome.NotUsed(refusal), ct));
        }

        if (existing.Replaces is not { } what)
        {
            return PageResult.Html(404, await RenderAsync(basePath, new YearImportOutcome.NotUsed($"{year} er ikke indlæst (eller er allerede slettet); der er intet at slette."), ct));
        }

        var expected = version is null or "" or "ny" ? null : version;
        if (expected != existing.Version)
        {
            return PageResult.Html(409, await RenderAsync(basePath, new YearImportOutcome.NotUsed(Conflict(year)), ct));
        }

        var now = time.GetUtcNow();
        ImportRecord claim;
        try
        {
            claim = await imports.WriteAsync(new ImportRecord(year, ImportRecordState.Deleting, what.FileName, now, actor, 0, 0, 0), expected, ct);
        }
        catch (ConcurrencyConflictException)
        {
            return PageResult.Html(409, await RenderAsync(basePath, new YearImportOutcome.NotUsed(Conflict(year)), ct));
        }

        await imports.DeleteStoredYearAsync(year, what.CatalogueRows > 0, ct);
        await audit.AppendAsync(new AuditEntry(year, now, actor, "Slettede et indlæst år", DeletedDetails(what)), ct);
        await imports.DeleteAsync(year, claim.Version, ct);
        logger.LogInformation("Slettede det indlæste år {Year} ({Actor})", year, actor);
        return PageResult.Html(200, await RenderAsync(basePath, new YearImportOutcome.Deleted(year, DeletedDetails(what)), ct));
    }

    /// <summary>The trend view: per recommendation the counts of every stored year, as an accessible HTML table.</summary>
    public async Task<PageResult> TrendAsync(string basePath, CancellationToken ct)
    {
        var history = await documents.HistoryAsync(int.MaxValue, ct);
        return PageResult.Html(200, HtmlViewRenderer.Render<YearTrend, YearTrendModel>(new(basePath, history)));
    }

    /// <summary>
    /// What is stored for a year now: nothing (an import may go ahead), an imported year (it may be replaced or
    /// deleted, under <see cref="Version"/>), or a refusal (a year Fremdrift ran; an import or deletion in progress).
    /// </summary>
    private sealed record Existing(ImportedYear? Replaces, string? Version, string? Refusal);

    private async Task<Existing> ExistingAsync(int year, CancellationToken ct)
    {
        var cycle = await cycles.GetAsync(year, ct);
        if (cycle is not null && !IsImported(cycle))
        {
            return new Existing(null, null, $"{year} er kørt i Fremdrift (opfølgningen {SecretariatStateWord(cycle)}); et år, som Fremdrift selv har kørt, kan hverken slettes eller erstattes af en fil.");
        }

        var record = await imports.GetAsync(year, ct);
        if (record is { State: not ImportRecordState.Done } && record.At > time.GetUtcNow() - AbandonedAfter)
        {
            return new Existing(null, record.Version, $"{(record.State == ImportRecordState.Deleting ? "En sletning" : "En indlæsning")} af {year} er i gang (startet {DanishDates.DateAndTime(record.At)} af {record.By}). Vent et øjeblik, og se så siden igen.");
        }

        var (responseRows, catalogueRows) = cycle is null && record is null ? (0, 0) : await imports.CountRowsAsync(year, ct);
        if (cycle is null && record is null)
        {
            var stray = (await responses.ListAsync(year, ct)).Count;
            return stray > 0
                ? new Existing(null, null, $"Der er gemt svar for {year} i Fremdrift i forvejen; et år kan kun indlæses, når der ikke er en opfølgning for det.")
                : new Existing(null, null, null);
        }

        // An imported year, or what an import or deletion that was cut off left behind: either may be replaced or deleted.
        var catalogue = await catalogues.GetAsync(year, ct);
        var others = (await cycles.ListAsync(ct)).Any(c => c.Year != year && c.CatalogueYear == year);
        var names = (await directory.ListAsync(ct)).ToDictionary(j => j.MunicipalityCode, j => j.Municipality);
        var answered = (await responses.ListAsync(year, ct)).Where(r => r.IsSubmitted)
            .Select(r => names.GetValueOrDefault(r.MunicipalityCode, r.MunicipalityCode.ToString(CultureInfo.InvariantCulture)))
            .Order(StringComparer.Create(CultureInfo.GetCultureInfo("da-DK"), false)).ToList();
        var summary = new ImportedYear(
            year,
            record?.FileName ?? "",
            record is { State: ImportRecordState.Done } ? record.At : cycle?.ClosedAt,
            record?.By ?? "",
            record is { State: not ImportRecordState.Done } || cycle is null,
            catalogue?.AllRecommendations.Count() ?? 0,
            answered,
            responseRows,
            catalogue is not null && !others ? catalogueRows : 0,
            cycle is not null);
        return new Existing(summary, record?.Version, null);
    }

    private static string SecretariatStateWord(FollowUpCycle cycle) => cycle.State switch
    {
        CycleState.Planned => "er planlagt",
        CycleState.Open => "er åben",
        _ => "er lukket",
    };

    private async Task<(ImportPlan Plan, Existing Existing)> PlanAsync(byte[] content, string fileName, CancellationToken ct)
    {
        var table = YearImportFile.Read(content, fileName);
        var known = (await directory.ListAsync(ct)).Select(j => j.MunicipalityCode).ToHashSet();
        var plan = YearImport.Plan(table, known, CatalogueFileFor, DanishDates.ToCopenhagen(time.GetUtcNow()).Year);
        var existing = await ExistingAsync(plan.Year, ct);
        if (existing.Refusal is { } refusal)
        {
            throw new ImportValidationException([$"Række 2, kolonne A (År): {refusal}"]);
        }

        // A replaced year's catalogue goes with it, unless another cycle uses it; then the new file must fit it.
        if ((existing.Replaces is null || existing.Replaces.CatalogueRows == 0)
            && await catalogues.GetAsync(plan.Year, ct) is { } stored && !SameRecommendations(stored, plan.Catalogue))
        {
            throw new ImportValidationException([$"Der er allerede gemt et andet katalog med anbefalinger for {plan.Year}; filens anbefalinger passer ikke til det."]);
        }

        return (plan, existing);
    }

    /// <summary>
    /// Claims the year's import record (one of two confirms at once wins; the other gets <see cref="Conflict"/>),
    /// removes a replaced year's rows, writes the new ones with the cycle row last, and marks the record done. If
    /// anything fails after the claim, what was written is removed again and the claim released.
    /// </summary>
    private async Task StoreAsync(ImportPlan plan, string fileName, Existing existing, string actor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var record = new ImportRecord(plan.Year, ImportRecordState.Writing, fileName, now, actor, plan.Rows, plan.Submissions.Count, plan.Catalogue.AllRecommendations.Count());
        ImportRecord claim;
        try
        {
            claim = await imports.WriteAsync(record, existing.Version, ct);
        }
        catch (ConcurrencyConflictException)
        {
            throw new ImportValidationException([Conflict(plan.Year)]);
        }

        var catalogueGoes = existing.Replaces is not null ? existing.Replaces.CatalogueRows > 0 : await catalogues.GetAsync(plan.Year, ct) is null;
        try
        {
            if (existing.Replaces is not null)
            {
                await imports.DeleteStoredYearAsync(plan.Year, existing.Replaces.CatalogueRows > 0, ct);
            }

            await catalogues.SaveIfMissingAsync(plan.Catalogue, ct);
            foreach (var submission in plan.Submissions)
            {
                // One transaction per jobcentre keeps each well inside the table's 4 MiB per transaction, whatever
                // the remarks; the cycle row, written last, is what makes the year visible.
                await responses.SaveAsync(null, SurveyResponse.New(plan.Year, submission.MunicipalityCode) with
                {
                    State = ResponseState.Submitted,
                    Submitted = submission.Answers,
                    SubmittedAt = submission.SubmittedAt,
                    SubmittedBy = submission.SubmittedBy,
                    LastSubmissionId = "indlaest",
                }, ct);
            }

            var times = plan.Submissions.Select(s => s.SubmittedAt!.Value).Order().ToList();
            await cycles.CreateAsync(new FollowUpCycle(
                plan.Year, plan.Year, times.FirstOrDefault(now), times.LastOrDefault(now), ReminderPlan.Default, false,
                CycleState.Closed, now, ClosedReason(fileName, actor, plan), ""), ct);
            var details = $"{plan.Rows} rækker fra {(fileName.Length > 0 ? $"«{fileName}»" : "filen")}: svar fra {plan.Submissions.Count} jobcentre på {plan.Catalogue.AllRecommendations.Count()} anbefalinger " +
                (plan.CatalogueFromFile ? $"(kataloget for {plan.Year})." : "(anbefalingerne fra filen).");
            if (existing.Replaces is { } replaced)
            {
                details += " Erstattede det tidligere indlæste år: " + DeletedDetails(replaced);
            }

            await audit.AppendAsync(new AuditEntry(plan.Year, now, actor, existing.Replaces is null ? "Indlæste et tidligere år" : "Erstattede et indlæst år", details), ct);
            await imports.WriteAsync(record with { State = ImportRecordState.Done }, claim.Version, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Indlæsningen af {Year} fejlede undervejs; det skrevne fjernes igen", plan.Year);
            try
            {
                // Only an imported year's rows are removed: if a live cycle took the year meanwhile, its rows stay.
                if (await cycles.GetAsync(plan.Year, CancellationToken.None) is not { } live || IsImported(live))
                {
                    await imports.DeleteStoredYearAsync(plan.Year, catalogueGoes, CancellationToken.None);
                }

                await imports.DeleteAsync(plan.Year, claim.Version, CancellationToken.None);
            }
            catch (Exception cleanup) when (cleanup is RequestFailedException or StorageUnavailableException)
            {
                // The record stays "Writing"; after AbandonedAfter it may be replaced or deleted, which finishes this.
                logger.LogWarning(cleanup, "Den halve indlæsning af {Year} kunne ikke fjernes; den kan slettes eller erstattes om 10 minutter", plan.Year);
            }

            if (e is ConcurrencyConflictException)
            {
                throw new ImportValidationException([Conflict(plan.Year)]);
            }

            throw;
        }

        logger.LogInformation("Indlæste {Year}: {Jobcentres} jobcentre, {Rows} rækker ({Actor})", plan.Year, plan.Submissions.Count, plan.Rows, actor);
    }

    /// <summary>The imported cycle's closed reason: where it came from, in the words the cockpit shows instead of a timeline.</summary>
    private static string ClosedReason(string fileName, string actor, ImportPlan plan) =>
        $"{ImportedReason}{(fileName.Length > 0 ? $" «{fileName}»" : "")} af {actor}: {plan.Rows} rækker, svar fra {plan.Submissions.Count} jobcentre på {plan.Catalogue.AllRecommendations.Count()} anbefalinger.";

    private static string DeletedDetails(ImportedYear what) =>
        $"opfølgningen {what.Year} (indlæst{(what.FileName.Length > 0 ? $" fra «{what.FileName}»" : "")}), svar fra {what.Answered.Count} jobcentre ({what.ResponseRows} rækker)" +
        (what.CatalogueRows > 0 ? $" og kataloget med {what.Recommendations} anbefalinger ({what.CatalogueRows} rækker)." : "; kataloget bliver, fordi en anden opfølgning bruger det.");

    private static string Conflict(int year) =>
        $"En anden har netop indlæst, erstattet eller slettet {year}; intet er gemt fra denne fil. Se siden igen, og vælg filen igen, hvis den stadig skal indlæses.";

    private static async Task<FormFields?> ReadFormAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return await request.ReadFormFieldsAsync();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException or InvalidOperationException)
        {
            return null;
        }
    }

    private static bool TryYear(string text, out int year) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 2000 and <= 2100;

    private static string Short(string text) => text.Length > 20 ? text[..20] + "…" : text;

    private static bool SameRecommendations(Domain.Catalogue a, Domain.Catalogue b) =>
        a.AllRecommendations.Select(r => (r.Id, r.Obligation, r.Text)).SequenceEqual(b.AllRecommendations.Select(r => (r.Id, r.Obligation, r.Text)));

    private static YearImportOutcome.Refused Errors(Exception e) =>
        new(e is ImportValidationException v ? v.Errors : [e.Message]);

    private async Task<string> RenderAsync(string basePath, YearImportOutcome? outcome, CancellationToken ct)
    {
        var imported = (await cycles.ListAsync(ct)).Where(IsImported).Select(c => c.Year).OrderDescending().ToList();
        return HtmlViewRenderer.Render<YearImportForm, YearImportFormModel>(new(basePath, outcome, imported));
    }
}
