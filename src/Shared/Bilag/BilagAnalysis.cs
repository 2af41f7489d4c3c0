using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Bilag;

/// <summary>How a municipality's mark for a continuing recommendation moved since last year.</summary>
internal enum YearOverYear
{
    /// <summary>No mark last year or this year, or one of them "Ikke relevant": nothing to compare.</summary>
    NotComparable,
    Better,
    Same,
    Worse,
}

/// <summary>
/// One municipality × one recommendation. <see cref="Rating"/> is null when the municipality has not answered
/// (or left the mark empty); <see cref="Answered"/> says whether it submitted at all.
/// </summary>
internal sealed record BilagCell(bool Answered, Rating? Rating, string Remark, Rating? LastYear, YearOverYear Change)
{
    /// <summary>The status column this cell is counted under.</summary>
    public StatusColumn Status => StatusColumn.Of(Answered, Rating);
}

/// <summary>
/// The counts of one recommendation across all listed municipalities: <see cref="ByStatus"/> one count per
/// <see cref="StatusColumn.All"/>, adding up to the number listed, and the year-over-year changes.
/// </summary>
public sealed record RecommendationCounts(IReadOnlyList<int> ByStatus, int Better, int Same, int Worse)
{
    public static readonly RecommendationCounts Zero = new(new int[StatusColumn.All.Count], 0, 0, 0);

    public int this[CellStatus status] => ByStatus[(int)status];

    public int Total => ByStatus.Sum();

    public RecommendationCounts Plus(RecommendationCounts other) => new(
        ByStatus.Zip(other.ByStatus, (a, b) => a + b).ToArray(), Better + other.Better, Same + other.Same, Worse + other.Worse);
}

/// <summary>
/// The pure computation behind every document: who answered, each cell's mark and remark, the counts and the
/// year-over-year change (by <see cref="RatingNames.Score"/>, for recommendations with the same id last year).
/// </summary>
internal sealed class BilagAnalysis
{
    private readonly Dictionary<int, SubmittedAnswers> _thisYear;
    private readonly Dictionary<(int Code, string Id), Answer> _current = [];
    private readonly Dictionary<(int Code, string Id), Answer> _previous = [];

    private BilagAnalysis(BilagInput input)
    {
        Input = input;
        _thisYear = input.ThisYear.GroupBy(s => s.MunicipalityCode).ToDictionary(g => g.Key, g => g.Last());
        foreach (var submission in _thisYear.Values)
        {
            foreach (var answer in submission.Answers)
            {
                _current[(submission.MunicipalityCode, answer.RecommendationId)] = answer;
            }
        }

        foreach (var submission in input.LastYear)
        {
            foreach (var answer in submission.Answers)
            {
                _previous[(submission.MunicipalityCode, answer.RecommendationId)] = answer;
            }
        }

        // An answer from a municipality missing in the directory is still shown (under its number), never dropped.
        var listed = input.Jobcentres.GroupBy(j => j.MunicipalityCode).Select(g => g.First()).ToList();
        var known = listed.Select(j => j.MunicipalityCode).ToHashSet();
        foreach (var code in _thisYear.Keys.Where(c => !known.Contains(c)))
        {
            listed.Add(new Jobcentre(code, $"Kommune {code}", $"Jobcenter (kommune {code})", "", ""));
        }

        Municipalities = listed.OrderBy(j => j.MunicipalityCode).ToList();
        Answered = Municipalities.Where(j => _thisYear.ContainsKey(j.MunicipalityCode)).ToList();
        NotAnswered = Municipalities.Where(j => !_thisYear.ContainsKey(j.MunicipalityCode)).ToList();
    }

    public BilagInput Input { get; }

    /// <summary>Every listed municipality, by municipality code.</summary>
    public IReadOnlyList<Jobcentre> Municipalities { get; }

    public IReadOnlyList<Jobcentre> Answered { get; }

    public IReadOnlyList<Jobcentre> NotAnswered { get; }

    public bool HasLastYear => Input.LastYear.Count > 0;

    /// <summary>Every stored year up to this one, oldest first: the earlier years given in the input, then this year.</summary>
    public IReadOnlyList<TrendYear> Trend => _trend ??= (Input.EarlierYears ?? [])
        .Where(y => y.Year < Input.Year)
        .GroupBy(y => y.Year).Select(g => g.Last())
        .Append(new TrendYear(Input.Year, Municipalities.Count, Input.Catalogue.AllRecommendations.ToDictionary(r => r.Id, r => Counts(r.Id)), TrendYear.TextsOf(Input.Catalogue)))
        .OrderBy(y => y.Year)
        .ToList();

    private List<TrendYear>? _trend;

    /// <summary>
    /// Whether the recommendation's text this year differs from its text last year under the same id (the
    /// year-over-year comparison is by id, so the reader is told); false when last year's text is not known.
    /// </summary>
    public bool TextChangedSinceLastYear(string recommendationId) =>
        TrendYear.TextChanged(Trend.FirstOrDefault(y => y.Year == Input.Year - 1), Trend[^1], recommendationId);

    /// <summary>
    /// For each stored year in which the recommendation was asked after an earlier stored year that asked it too:
    /// whether its text changed since that earlier year. Keyed by the later year; the value is the earlier year.
    /// </summary>
    public IReadOnlyDictionary<int, int> TextChanges(string recommendationId) => TrendYear.TextChanges(Trend, recommendationId);

    public static BilagAnalysis Of(BilagInput input) => new(input);

    public SubmittedAnswers? Submission(int municipalityCode) => _thisYear.GetValueOrDefault(municipalityCode);

    public BilagCell Cell(int municipalityCode, string recommendationId)
    {
        var answered = _thisYear.ContainsKey(municipalityCode);
        var current = answered ? _current.GetValueOrDefault((municipalityCode, recommendationId)) : null;
        var previous = _previous.GetValueOrDefault((municipalityCode, recommendationId));
        return new BilagCell(answered, current?.Rating, current?.Remark ?? "", previous?.Rating, Compare(previous?.Rating, current?.Rating));
    }

    public RecommendationCounts Counts(string recommendationId)
    {
        var byStatus = new int[StatusColumn.All.Count];
        int better = 0, same = 0, worse = 0;
        foreach (var municipality in Municipalities)
        {
            var cell = Cell(municipality.MunicipalityCode, recommendationId);
            byStatus[(int)cell.Status.Status]++;
            switch (cell.Change)
            {
                case YearOverYear.Better: better++; break;
                case YearOverYear.Same: same++; break;
                case YearOverYear.Worse: worse++; break;
                default: break;
            }
        }

        return new RecommendationCounts(byStatus, better, same, worse);
    }

    public static YearOverYear Compare(Rating? lastYear, Rating? thisYear)
    {
        var before = lastYear?.Score();
        var now = thisYear?.Score();
        if (before is null || now is null)
        {
            return YearOverYear.NotComparable;
        }

        return now > before ? YearOverYear.Better : now < before ? YearOverYear.Worse : YearOverYear.Same;
    }
}
