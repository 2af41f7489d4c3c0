namespace Fremdrift.Shared.Bilag.Views;

/// <summary>What the import form says above itself after an attempt.</summary>
public abstract record YearImportOutcome
{
    private YearImportOutcome()
    {
    }

    /// <summary>The file is not imported; each error names the row and column to fix.</summary>
    public sealed record Refused(IReadOnlyList<string> Errors) : YearImportOutcome;

    /// <summary>The confirm step could not be used (a tampered or stale form).</summary>
    public sealed record NotUsed(string Reason) : YearImportOutcome;

    /// <summary>The year is stored.</summary>
    public sealed record Imported(int Year, int Jobcentres, int Recommendations) : YearImportOutcome;
}

/// <summary>The import form, with the outcome of the last attempt, if any.</summary>
public sealed record YearImportFormModel(string BasePath, YearImportOutcome? Outcome);

/// <summary>What an uploaded file would store, shown before anything is stored; <see cref="Hash"/> names the parked file.</summary>
public sealed record YearImportPreviewModel(string BasePath, ImportPlan Plan, TrendYear Counts, string Hash, string FileName);

/// <summary>Every stored year's counts per recommendation.</summary>
public sealed record YearTrendModel(string BasePath, IReadOnlyList<TrendYear> History);
