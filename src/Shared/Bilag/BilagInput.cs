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
/// <see cref="Municipalities"/> is what every row of counts adds up to that year.
/// </summary>
public sealed record TrendYear(int Year, int Municipalities, IReadOnlyDictionary<string, RecommendationCounts> Counts)
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
            catalogue.AllRecommendations.ToDictionary(r => r.Id, r => analysis.Counts(r.Id)));
    }
}

/// <summary>Input of one municipality's own fremdriftsskema; <see cref="Submission"/> is null when it has not answered (a blank form).</summary>
public sealed record MunicipalityFormInput(
    int Year,
    Domain.Catalogue Catalogue,
    Jobcentre Jobcentre,
    SubmittedAnswers? Submission,
    DateTimeOffset GeneratedAt);
