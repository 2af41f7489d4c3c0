namespace Fremdrift.Shared.Bilag;

/// <summary>The kinds of document the product writes to Blob Storage.</summary>
public enum DocumentKind
{
    /// <summary>The consolidated bilag after the cycle closed.</summary>
    Bilag,
    /// <summary>A bilag built during the cycle from the answers so far, marked as a draft.</summary>
    DraftBilag,
    /// <summary>All answers as XLSX, one row per municipality × recommendation.</summary>
    Excel,
    /// <summary>One municipality's own fremdriftsskema for its kommunalbestyrelse.</summary>
    MunicipalityForm,
}

/// <summary>A document stored in the private document container; a rebuild adds a version, never overwrites.</summary>
public sealed record StoredDocument(int Year, DocumentKind Kind, int? MunicipalityCode, int Version, string BlobName, string FileName, string ContentType, long Size, DateTimeOffset CreatedAt);

/// <summary>Builds, stores, lists and fetches the cycle's documents.</summary>
public interface ICycleDocuments
{
    /// <summary>Builds the document from the stored answers and stores it as a new version.</summary>
    Task<StoredDocument> BuildAsync(int year, DocumentKind kind, int? municipalityCode, CancellationToken cancellationToken);

    /// <summary>
    /// The final bilag of the year and the Excel export beside it: builds each unless it exists already (an Excel at
    /// least as new as the bilag), so the cycle's close can run it again without a second copy.
    /// </summary>
    Task<StoredDocument> EnsureFinalBilagAsync(int year, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredDocument>> ListAsync(int year, CancellationToken cancellationToken);

    /// <summary>The content of a stored document; null if no such blob (or a name outside the year's folder).</summary>
    Task<byte[]?> ReadAsync(string blobName, CancellationToken cancellationToken);
}
