using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Bilag;

/// <summary>One municipality's last complete submission in one year (drafts in progress are never part of a document).</summary>
public sealed record SubmittedAnswers(int MunicipalityCode, IReadOnlyList<Answer> Answers, DateTimeOffset? SubmittedAt, string? SubmittedBy);

/// <summary>
/// Everything the bilag and the Excel export are built from. The builders do no I/O, so the input is the whole
/// truth: <see cref="Jobcentres"/> are the municipalities the document lists (in their order after sorting by
/// municipality code), <see cref="LastYear"/> may be empty (first year, or no comparison wanted).
/// <see cref="EarlierYears"/> are the counts of every earlier stored year (live or imported) for the trend;
/// this year's counts are computed from <see cref="ThisYear"/>.
/// </summary>
public sealed record BilagInput(
    int Year,
    Domain.Catalogue Catalogue,
    IReadOnlyList<Jobcentre> Jobcentres,
    IReadOnlyList<SubmittedAnswers> ThisYear,
    IReadOnlyList<SubmittedAnswers> LastYear,
    DateTimeOffset GeneratedAt,
    bool Draft,
    IReadOnlyList<TrendYear>? EarlierYears = null);

/// <summary>
/// One year's counts per recommendation id (the recommendations that year asked), for the trend ("Udvikling").
/// <see cref="Municipalities"/> is what every row of counts adds up to that year. <see cref="Texts"/> are the
/// recommendations' texts that year, so a text changed under the same id can be told apart (null: not known).
/// </summary>
public sealed record TrendYear(int Year, int Municipalities, IReadOnlyDictionary<string, RecommendationCounts> Counts, IReadOnlyDictionary<string, string>? Texts = null)
{
    /// <summary>Counts a year from its submitted answers, listing the directory's active jobcentres and everyone who answered.</summary>
    public static TrendYear Of(int year, Domain.Catalogue catalogue, IReadOnlyList<Jobcentre> jobcentres, IReadOnlyList<SubmittedAnswers> submitted)
    {
        var answered = submitted.Select(s => s.MunicipalityCode).ToHashSet();
        var listed = jobcentres.Where(j => j.Active || answered.Contains(j.MunicipalityCode)).ToList();
        var analysis = BilagAnalysis.Of(new BilagInput(year, catalogue, listed, submitted, [], DateTimeOffset.MinValue, Draft: false));
        return new TrendYear(
            year,
            analysis.Municipalities.Count,
            catalogue.AllRecommendations.ToDictionary(r => r.Id, r => analysis.Counts(r.Id)),
            TextsOf(catalogue));
    }

    public static IReadOnlyDictionary<string, string> TextsOf(Domain.Catalogue catalogue) =>
        catalogue.AllRecommendations.ToDictionary(r => r.Id, r => r.Text);

    /// <summary>
    /// Whether <paramref name="id"/>'s text differs between <paramref name="earlier"/> and <paramref name="later"/>
    /// (ignoring spacing and letter case); false when either year did not ask it or its text is not known.
    /// </summary>
    public static bool TextChanged(TrendYear? earlier, TrendYear? later, string id) =>
        earlier?.Texts?.GetValueOrDefault(id) is { } before && later?.Texts?.GetValueOrDefault(id) is { } after &&
        !string.Equals(Normalise(before), Normalise(after), StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// For each year in <paramref name="years"/> (oldest first) that asked <paramref name="id"/> with a different text
    /// than the year before it that asked it: that earlier year, keyed by the later year.
    /// </summary>
    public static IReadOnlyDictionary<int, int> TextChanges(IEnumerable<TrendYear> years, string id)
    {
        var changes = new Dictionary<int, int>();
        TrendYear? before = null;
        foreach (var year in years.Where(y => y.Counts.ContainsKey(id)))
        {
            if (TextChanged(before, year, id))
            {
                changes[year.Year] = before!.Year;
            }

            before = year;
        }

        return changes;
    }

    private static string Normalise(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

/// <summary>Input of one municipality's own fremdriftsskema; <see cref="Submission"/> is null when it has not answered (a blank form).</summary>
public sealed record MunicipalityFormInput(
    int Year,
    Domain.Catalogue Catalogue,
    Jobcentre Jobcentre,
    SubmittedAnswers? Submission,
    DateTimeOffset GeneratedAt);
