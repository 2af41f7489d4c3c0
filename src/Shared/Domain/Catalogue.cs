namespace Fremdrift.Shared.Domain;

/// <summary>SKAL recommendations bind every municipality that signed up; KAN recommendations are voluntary.</summary>
public enum Obligation
{
    Skal,
    Kan,
}

/// <summary>One row of the Fremdriftsskema. <see cref="Id"/> stays the same across years where the recommendation continues.</summary>
public sealed record Recommendation(string Id, string AreaId, Obligation Obligation, string Text);

/// <summary>One of the form's areas (e.g. "Virksomhedsrettede indsatser") with its recommendations in form order.</summary>
public sealed record CatalogueArea(string Id, string Title, string Intro, IReadOnlyList<Recommendation> Recommendations);

/// <summary>
/// The recommendations one cycle asks about. Each cycle keeps its own snapshot, so adjusting next year's
/// catalogue never rewrites what an earlier cycle asked.
/// </summary>
public sealed record Catalogue(int Year, string Title, IReadOnlyList<CatalogueArea> Areas)
{
    public IEnumerable<Recommendation> AllRecommendations => Areas.SelectMany(a => a.Recommendations);

    public Recommendation? Find(string recommendationId) =>
        AllRecommendations.FirstOrDefault(r => r.Id == recommendationId);

    /// <summary>The sub-heading the seed form uses, e.g. "SKAL-initiativer i 2015:".</summary>
    public string GroupHeading(Obligation obligation) => obligation == Obligation.Skal
        ? $"SKAL-initiativer i {Year}:"
        : $"KAN-initiativer i {Year}";

    /// <summary>The same catalogue asked again in another year (ids kept, so answers compare year over year).</summary>
    public Catalogue ForYear(int year) => this with { Year = year };
}
