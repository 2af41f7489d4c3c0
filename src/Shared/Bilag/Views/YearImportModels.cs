namespace Fremdrift.Shared.Bilag.Views;

/// <summary>What the import form says above itself after an attempt.</summary>
public abstract record YearImportOutcome
{
    private YearImportOutcome()
    {
    }

    /// <summary>The file is not imported; each error names the row and column to fix.</summary>
    public sealed record Refused(IReadOnlyList<string> Errors) : YearImportOutcome;

    /// <summary>The confirm step could not be used (a tampered or stale form, a year that cannot be deleted).</summary>
    public sealed record NotUsed(string Reason) : YearImportOutcome;

    /// <summary>The year is stored.</summary>
    public sealed record Imported(int Year, int Jobcentres, int Recommendations) : YearImportOutcome;

    /// <summary>An imported year is deleted; <see cref="What"/> says what went.</summary>
    public sealed record Deleted(int Year, string What) : YearImportOutcome;
}

/// <summary>
/// An imported year as stored now, for the pages that delete or replace it: where it came from and what a deletion
/// removes (<see cref="CatalogueRows"/> is 0 when the catalogue stays because another cycle uses it).
/// <see cref="Unfinished"/> marks what an import or deletion that was cut off left behind.
/// </summary>
public sealed record ImportedYear(
    int Year,
    string FileName,
    DateTimeOffset? ImportedAt,
    string By,
    bool Unfinished,
    int Recommendations,
    IReadOnlyList<string> Answered,
    int ResponseRows,
    int CatalogueRows,
    bool HasCycle);

/// <summary>The import form, with the outcome of the last attempt, if any, and the imported years that can be deleted or replaced.</summary>
public sealed record YearImportFormModel(string BasePath, YearImportOutcome? Outcome, IReadOnlyList<int> ImportedYears);

/// <summary>
/// What an uploaded file would store, shown before anything is stored; <see cref="Hash"/> names the parked file.
/// <see cref="Replaces"/> is the imported year that saving would replace, <see cref="Version"/> its import record's version.
/// </summary>
public sealed record YearImportPreviewModel(
    string BasePath,
    ImportPlan Plan,
    TrendYear Counts,
    string Hash,
    string FileName,
    IReadOnlyList<string> Answered,
    IReadOnlyList<string> NotAnswered,
    ImportedYear? Replaces,
    string? Version);

/// <summary>The confirmation page of deleting an imported year.</summary>
public sealed record YearImportDeleteModel(string BasePath, ImportedYear Year, string Version);

/// <summary>Every stored year's counts per recommendation.</summary>
public sealed record YearTrendModel(string BasePath, IReadOnlyList<TrendYear> History);
