using Fremdrift.Shared.Catalogue;

namespace Fremdrift.Shared.Readiness;

/// <summary>Whether a year's recommendations are set, for the readiness check.</summary>
public interface IYearRecommendationsCheck
{
    Task<ReadinessCheck> CheckAsync(int year, CancellationToken cancellationToken);
}

/// <summary>
/// The year's recommendations as the cycle will freeze them at its opening (<see cref="YearCatalogues"/>): the frozen
/// snapshot, the set the secretariat saved on "Anbefalinger og tidsplan", or, when nothing is saved for the year, the
/// set it starts from (the newest earlier year, Cycle__CatalogueFile, or the built-in one). Red only when that set
/// cannot be read or has no recommendation left.
/// </summary>
internal sealed class CatalogueRecommendationsCheck(YearCatalogues catalogues) : IYearRecommendationsCheck
{
    public async Task<ReadinessCheck> CheckAsync(int year, CancellationToken cancellationToken)
    {
        const string title = "Årets anbefalinger";
        YearCatalogueState state;
        try
        {
            state = await catalogues.GetAsync(year, cancellationToken);
        }
        catch (Exception e) when (e is IOException or CatalogueFileException or InvalidOperationException)
        {
            return ReadinessCheck.Red(title, $"Anbefalingerne for {year} kan ikke læses: {e.Message}", $"Ret kataloget (Cycle__CatalogueFile), eller sæt anbefalingerne under \"Anbefalinger og tidsplan for {year}\".");
        }

        var active = state.Draft.Active.Count();
        var areas = state.Draft.Active.Select(r => r.AreaId).Distinct().Count();
        if (active == 0)
        {
            return ReadinessCheck.Red(title, $"Der er ingen anbefalinger tilbage for {year}.", $"Tilføj anbefalinger under \"Anbefalinger og tidsplan for {year}\".");
        }

        var counted = $"{active} anbefalinger i {areas} områder";
        return ReadinessCheck.Green(title, state switch
        {
            { Locked: true } => $"Opfølgningen {year} spørger til {counted} (låst ved åbningen).",
            { Stored: true } => $"{counted}, gemt af sekretariatet; de låses, når opfølgningen {year} åbner.",
            _ => $"{counted} fra {state.SeedDescription} (ikke ændret for {year}); de låses, når opfølgningen {year} åbner.",
        });
    }
}
