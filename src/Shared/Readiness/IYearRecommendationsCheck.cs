using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Storage;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Readiness;

/// <summary>Whether a year's recommendations are set, for the readiness check.</summary>
public interface IYearRecommendationsCheck
{
    Task<ReadinessCheck> CheckAsync(int year, CancellationToken cancellationToken);
}

/// <summary>
/// The year's recommendations as the cycle will freeze them today: the stored snapshot when the cycle exists, else
/// the catalogue the starter would seed it from (Cycle__CatalogueFile, else the built-in set). When the year's
/// recommendations are edited in the app, this is the one class to point at that store.
/// </summary>
internal sealed class CatalogueRecommendationsCheck(CatalogueRepository catalogues, IOptions<CycleOptions> options) : IYearRecommendationsCheck
{
    public async Task<ReadinessCheck> CheckAsync(int year, CancellationToken cancellationToken)
    {
        const string title = "Årets anbefalinger";
        if (await catalogues.GetAsync(year, cancellationToken) is { } stored)
        {
            return ReadinessCheck.Green(title, $"Opfølgningen {year} spørger til {stored.AllRecommendations.Count()} anbefalinger i {stored.Areas.Count} områder (gemt, låst ved åbningen).");
        }

        try
        {
            var file = options.Value.CatalogueFile;
            var seed = string.IsNullOrWhiteSpace(file) ? Catalogue.CatalogueFile.LoadBuiltIn(year) : Catalogue.CatalogueFile.Load(file, year);
            var source = string.IsNullOrWhiteSpace(file) ? "den indbyggede liste" : $"filen {file}";
            return ReadinessCheck.Green(title, $"{seed.AllRecommendations.Count()} anbefalinger i {seed.Areas.Count} områder fra {source}; de fastlåses, når opfølgningen {year} oprettes.");
        }
        catch (Exception e) when (e is IOException or Catalogue.CatalogueFileException or InvalidOperationException)
        {
            return ReadinessCheck.Red(title, $"Anbefalingerne for {year} kan ikke læses: {e.Message}", "Ret kataloget (Cycle__CatalogueFile), før opfølgningen oprettes.");
        }
    }
}
