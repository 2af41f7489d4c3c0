using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Catalogue;

/// <summary>
/// One recommendation of a year's editable catalogue. A retired one stays in the draft (and in storage) so that its
/// id is never given to a new text.
/// </summary>
public sealed record DraftRecommendation(string Id, string AreaId, Obligation Obligation, string Text, bool Retired);

/// <summary>An area of the form (its id is the letter new ids start with).</summary>
public sealed record DraftArea(string Id, string Title, string Intro);

/// <summary>
/// A year's editable catalogue (the <c>cat|</c> rows of YearContent): the areas, every recommendation in form order
/// (retired ones included), and the version (ETag) it was read at. <see cref="Frozen"/> is set when the year's cycle
/// opened and its snapshot was taken; a frozen draft is never changed again.
/// </summary>
public sealed record CatalogueDraft(
    int Year,
    string Title,
    IReadOnlyList<DraftArea> Areas,
    IReadOnlyList<DraftRecommendation> Recommendations,
    bool Frozen,
    string Version)
{
    public IEnumerable<DraftRecommendation> Active => Recommendations.Where(r => !r.Retired);

    public IEnumerable<DraftRecommendation> RetiredOnes => Recommendations.Where(r => r.Retired);

    /// <summary>A draft made from a catalogue (last year's snapshot, a seed file or the built-in set), not stored yet.</summary>
    public static CatalogueDraft From(Domain.Catalogue catalogue, int year) => new(
        year,
        catalogue.Title,
        catalogue.Areas.Select(a => new DraftArea(a.Id, a.Title, a.Intro)).ToList(),
        catalogue.AllRecommendations.Select(r => new DraftRecommendation(r.Id, r.AreaId, r.Obligation, r.Text, false)).ToList(),
        false,
        "");

    /// <summary>
    /// The catalogue a cycle asks: the active recommendations grouped by area in the draft's order; an area left
    /// without recommendations is left out (the form would show an empty heading).
    /// </summary>
    public Domain.Catalogue ToCatalogue() => new(
        Year,
        Title,
        Areas
            .Select(a => new CatalogueArea(a.Id, a.Title, a.Intro, Active.Where(r => r.AreaId == a.Id).Select(r => new Recommendation(r.Id, r.AreaId, r.Obligation, r.Text)).ToList()))
            .Where(a => a.Recommendations.Count > 0)
            .ToList());
}
