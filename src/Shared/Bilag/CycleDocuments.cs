using System.Globalization;
using Azure;
using Azure.Storage.Blobs.Models;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Microsoft.Extensions.Logging;

namespace Fremdrift.Shared.Bilag;

/// <summary>A document cannot be built as asked; the message is Danish and shown to the secretariat as it is.</summary>
internal sealed class DocumentBuildException(string message) : Exception(message);

/// <summary>
/// Builds the cycle's documents from the stored answers and keeps them in the private document container.
/// Every build is a new version: the next number is the highest stored + 1, and the upload is conditional
/// (If-None-Match: *), so two builds at the same moment get two versions and nothing is ever overwritten.
/// </summary>
public sealed class CycleDocuments(
    StorageClients clients,
    CycleRepository cycles,
    CatalogueRepository catalogues,
    JobcentreRepository directory,
    ResponseRepository responses,
    TimeProvider time,
    ILogger<CycleDocuments> logger) : ICycleDocuments
{
    private const int MaxUploadAttempts = 20;

    /// <summary>Test seam: runs just before each upload attempt, so a test can play the concurrent writer that takes the name first.</summary>
    internal Func<string, Task>? BeforeUpload { get; set; }

    public async Task<StoredDocument> BuildAsync(int year, DocumentKind kind, int? municipalityCode, CancellationToken cancellationToken)
    {
        var (name, content, municipality) = await RenderAsync(year, kind, municipalityCode, cancellationToken);
        return await StoreAsync(name, content, municipality, firstOnly: false, cancellationToken);
    }

    public async Task<StoredDocument> EnsureFinalBilagAsync(int year, CancellationToken cancellationToken)
    {
        var bilag = await LatestAsync(DocumentName.First(year, DocumentKind.Bilag), cancellationToken);
        if (bilag is null)
        {
            var (name, content, municipality) = await RenderAsync(year, DocumentKind.Bilag, null, cancellationToken);
            bilag = await StoreAsync(name, content, municipality, firstOnly: true, cancellationToken);
        }

        await EnsureExcelSinceAsync(bilag, cancellationToken);
        return bilag;
    }

    /// <summary>
    /// The Excel export goes with the final bilag (the "bilag klar" mail says it lies beside it): built unless one
    /// as new as the bilag is stored, so a retried close builds it once and an export made during the cycle, from
    /// fewer answers, is not taken for it.
    /// </summary>
    private async Task EnsureExcelSinceAsync(StoredDocument bilag, CancellationToken ct)
    {
        var excel = await LatestAsync(DocumentName.First(bilag.Year, DocumentKind.Excel), ct);
        if (excel is not null && excel.CreatedAt >= bilag.CreatedAt)
        {
            return;
        }

        var (name, content, municipality) = await RenderAsync(bilag.Year, DocumentKind.Excel, null, ct);
        await StoreAsync(name, content, municipality, firstOnly: false, ct);
    }

    public async Task<IReadOnlyList<StoredDocument>> ListAsync(int year, CancellationToken cancellationToken) =>
        await ListUnderAsync($"{year.ToString(CultureInfo.InvariantCulture)}/", cancellationToken);

    public async Task<byte[]?> ReadAsync(string blobName, CancellationToken cancellationToken)
    {
        if (!DocumentName.TryParse(blobName, out var name))
        {
            logger.LogWarning("Refused to read {BlobName}: outside the document naming scheme", blobName);
            return null;
        }

        return await clients.Guard(async () =>
        {
            try
            {
                var download = await clients.Documents.GetBlobClient(name.BlobName).DownloadContentAsync(cancellationToken);
                return download.Value.Content.ToArray();
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return null;
            }
        });
    }

    /// <summary>The newest stored version of the document that <paramref name="name"/> names (any version), or null.</summary>
    public async Task<StoredDocument?> LatestAsync(DocumentName name, CancellationToken cancellationToken) =>
        (await ListUnderAsync(name.Folder, cancellationToken))
            .Where(d => d.Kind == name.Kind)
            .MaxBy(d => d.Version);

    private async Task<(DocumentName Name, byte[] Content, string? Municipality)> RenderAsync(int year, DocumentKind kind, int? municipalityCode, CancellationToken ct)
    {
        if (kind == DocumentKind.MunicipalityForm && municipalityCode is null)
        {
            throw new DocumentBuildException("Vælg hvilken kommunes fremdriftsskema der skal dannes.");
        }

        var cycle = await cycles.GetAsync(year, ct)
            ?? throw new DocumentBuildException($"Der er ingen opfølgning for {year}, så der er ingen svar at danne dokumenter ud fra.");
        if (kind == DocumentKind.Bilag && cycle.State != CycleState.Closed)
        {
            throw new DocumentBuildException(
                $"Det endelige bilag for {year} kan først dannes, når opfølgningen er lukket. Dan et udkast i stedet; det viser svarene indtil nu.");
        }

        var catalogue = await catalogues.GetAsync(cycle.CatalogueYear, ct)
            ?? throw new DocumentBuildException($"Kataloget med anbefalinger for {cycle.CatalogueYear} mangler i lageret; opfølgningen for {year} kan ikke vises.");
        catalogue = catalogue.ForYear(year);
        var now = time.GetUtcNow();
        if (kind == DocumentKind.MunicipalityForm)
        {
            var jobcentre = (await directory.GetAsync(municipalityCode!.Value, ct))?.Jobcentre
                ?? throw new DocumentBuildException($"Der er ikke noget jobcenter med kommunenummer {municipalityCode}.");

            // Only this municipality's rows: the close builds one form per municipality, so reading the whole
            // partition for each would read n² rows; this way all the forms together read the partition once.
            var own = await responses.GetAsync(year, jobcentre.MunicipalityCode, ct);
            var form = MunicipalityFormBuilder.Build(new MunicipalityFormInput(
                year, catalogue, jobcentre, own is null ? null : Submitted([own]).FirstOrDefault(), now));
            return (DocumentName.First(year, kind, jobcentre.MunicipalityCode, jobcentre.Municipality), form, jobcentre.Municipality);
        }

        var thisYear = Submitted(await responses.ListAsync(year, ct));

        var answered = thisYear.Select(s => s.MunicipalityCode).ToHashSet();
        var jobcentres = (await directory.ListAsync(ct)).Where(j => j.Active || answered.Contains(j.MunicipalityCode)).ToList();
        var input = new BilagInput(
            year, catalogue, jobcentres, thisYear, Submitted(await responses.ListAsync(year - 1, ct)), now, Draft: kind == DocumentKind.DraftBilag,
            EarlierYears: await HistoryAsync(year - 1, ct));
        var content = kind == DocumentKind.Excel ? AnswersWorkbookBuilder.Build(input) : BilagBuilder.Build(input);
        return (DocumentName.First(year, kind), content, null);
    }

    /// <summary>
    /// The counts per recommendation of every stored year up to <paramref name="upToYear"/> (live cycles and imported
    /// years alike), oldest first, each from the catalogue snapshot that year asked and its submitted answers.
    /// </summary>
    public async Task<IReadOnlyList<TrendYear>> HistoryAsync(int upToYear, CancellationToken ct)
    {
        var directoryList = await directory.ListAsync(ct);
        var history = new List<TrendYear>();
        foreach (var cycle in (await cycles.ListAsync(ct)).Where(c => c.Year <= upToYear).OrderBy(c => c.Year))
        {
            var catalogue = await catalogues.GetAsync(cycle.CatalogueYear, ct);
            if (catalogue is null)
            {
                logger.LogWarning("Year {Year} has no catalogue snapshot {CatalogueYear}; left out of the trend", cycle.Year, cycle.CatalogueYear);
                continue;
            }

            history.Add(TrendYear.Of(cycle.Year, catalogue.ForYear(cycle.Year), directoryList, Submitted(await responses.ListAsync(cycle.Year, ct))));
        }

        return history;
    }

    private static List<SubmittedAnswers> Submitted(IEnumerable<SurveyResponse> list) =>
        list.Where(r => r.IsSubmitted)
            .Select(r => new SubmittedAnswers(r.MunicipalityCode, r.Submitted, r.SubmittedAt, r.SubmittedBy))
            .ToList();

    private async Task<StoredDocument> StoreAsync(DocumentName first, byte[] content, string? municipality, bool firstOnly, CancellationToken ct)
    {
        var version = firstOnly ? 1 : ((await LatestAsync(first, ct))?.Version ?? 0) + 1;
        for (var attempt = 1; attempt <= MaxUploadAttempts; attempt++, version++)
        {
            var name = first with { Version = version };
            var createdAt = time.GetUtcNow();
            var metadata = new Dictionary<string, string>
            {
                ["kind"] = name.Kind.ToString(),
                ["year"] = name.Year.ToString(CultureInfo.InvariantCulture),
                ["code"] = name.MunicipalityCode?.ToString(CultureInfo.InvariantCulture) ?? "",
                ["version"] = version.ToString(CultureInfo.InvariantCulture),
                ["createdat"] = createdAt.ToString("O", CultureInfo.InvariantCulture),
                // Metadata is ASCII only; the municipality's Danish name travels percent-encoded.
                ["municipality"] = Uri.EscapeDataString(municipality ?? ""),
            };
            if (BeforeUpload is not null)
            {
                await BeforeUpload(name.BlobName);
            }

            var stored = await clients.Guard(async () =>
            {
                try
                {
                    await clients.Documents.GetBlobClient(name.BlobName).UploadAsync(BinaryData.FromBytes(content), new BlobUploadOptions
                    {
                        Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                        HttpHeaders = new BlobHttpHeaders { ContentType = name.ContentType },
                        Metadata = metadata,
                    }, ct);
                    return true;
                }
                catch (RequestFailedException e) when (e.Status is 409 or 412)
                {
                    return false;
                }
            });
            if (stored)
            {
                logger.LogInformation("Stored {Kind} for {Year} as {BlobName} ({Size} bytes)", name.Kind, name.Year, name.BlobName, content.Length);
                return new StoredDocument(name.Year, name.Kind, name.MunicipalityCode, version, name.BlobName, name.FileName(municipality), name.ContentType, content.Length, createdAt);
            }

            if (firstOnly)
            {
                // Someone else stored version 1 in the meantime (a retried close): theirs is the final bilag.
                return await LatestAsync(first, ct) ?? throw new InvalidOperationException($"{name.BlobName} exists but cannot be listed.");
            }

            logger.LogInformation("Version {Version} of {Kind} for {Year} was taken; trying the next", version, name.Kind, name.Year);
        }

        throw new DocumentBuildException($"Kunne ikke gemme en ny version af dokumentet efter {MaxUploadAttempts} forsøg; prøv igen.");
    }

    private async Task<IReadOnlyList<StoredDocument>> ListUnderAsync(string prefix, CancellationToken ct) => await clients.Guard(async () =>
    {
        var list = new List<StoredDocument>();
        await foreach (var item in clients.Documents.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = prefix }, ct))
        {
            if (!DocumentName.TryParse(item.Name, out var name))
            {
                continue;
            }

            var metadata = item.Metadata ?? new Dictionary<string, string>();
            var municipality = metadata.TryGetValue("municipality", out var encoded) && encoded.Length > 0 ? Uri.UnescapeDataString(encoded) : null;
            var createdAt = metadata.TryGetValue("createdat", out var at) && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
                ? parsed
                : item.Properties.CreatedOn ?? DateTimeOffset.MinValue;
            list.Add(new StoredDocument(
                name.Year, name.Kind, name.MunicipalityCode, name.Version, name.BlobName, name.FileName(municipality), name.ContentType,
                item.Properties.ContentLength ?? 0, createdAt));
        }

        return (IReadOnlyList<StoredDocument>)list
            .OrderBy(d => d.Kind)
            .ThenBy(d => d.MunicipalityCode)
            .ThenByDescending(d => d.Version)
            .ToList();
    });
}
