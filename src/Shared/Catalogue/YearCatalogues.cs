using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Catalogue;

/// <summary>A year's recommendations as the editor shows them: the draft, and whether it can still be changed.</summary>
public sealed record YearCatalogueState(CatalogueDraft Draft, bool Stored, Domain.Catalogue? Snapshot, string SeedDescription)
{
    /// <summary>Frozen into the cycle's snapshot: read-only from now on.</summary>
    public bool Locked => Snapshot is not null || Draft.Frozen;
}

/// <summary>
/// Where a year's recommendations come from and when they stop changing. Until the cycle opens they are the year's
/// draft in YearContent, which starts as a copy of the newest earlier year's snapshot (or, before any year, the file
/// in Cycle:CatalogueFile, or the built-in 2015 set). When the cycle opens, <see cref="FreezeAsync"/> marks the draft
/// frozen and stores it as the cycle's snapshot in Catalogues, which never changes again.
/// </summary>
public sealed class YearCatalogues(
    YearCatalogueRepository drafts,
    CatalogueRepository snapshots,
    CycleRepository cycles,
    IOptions<CycleOptions> options,
    ILogger<YearCatalogues> logger)
{
    public async Task<YearCatalogueState> GetAsync(int year, CancellationToken ct = default)
    {
        var snapshot = await snapshots.GetAsync(year, ct);
        var stored = await drafts.GetAsync(year, ct);
        if (stored is not null)
        {
            return new YearCatalogueState(stored, true, snapshot, "");
        }

        if (snapshot is not null)
        {
            // A year frozen before drafts existed (or imported): its snapshot is what it asked.
            return new YearCatalogueState(CatalogueDraft.From(snapshot, year), false, snapshot, $"opfølgningen {year}");
        }

        var (seed, description) = await SeedAsync(year, ct);
        return new YearCatalogueState(CatalogueDraft.From(seed, year), false, null, description);
    }

    /// <summary>Every recommendation id asked in a year before <paramref name="year"/>: none of them is given to a new text.</summary>
    public async Task<IReadOnlyList<string>> IdsUsedBeforeAsync(int year, CancellationToken ct = default)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cycle in (await cycles.ListAsync(ct)).Where(c => c.CatalogueYear < year))
        {
            if (await snapshots.GetAsync(cycle.CatalogueYear, ct) is { } s)
            {
                ids.UnionWith(s.AllRecommendations.Select(r => r.Id));
            }

            if (await drafts.GetAsync(cycle.CatalogueYear, ct) is { } d)
            {
                ids.UnionWith(d.Recommendations.Select(r => r.Id));
            }
        }

        return ids.ToList();
    }

    /// <summary>
    /// The year's snapshot, taken now if it has none: the draft is marked frozen first (guarded by its version, so an
    /// editor's save that lands meanwhile is either in the snapshot or refused), then stored as the snapshot.
    /// Idempotent; called when the cycle opens.
    /// </summary>
    public async Task<Domain.Catalogue> FreezeAsync(int year, CancellationToken ct = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await snapshots.GetAsync(year, ct) is { } existing)
            {
                return existing;
            }

            var state = await GetAsync(year, ct);
            try
            {
                if (!state.Draft.Frozen)
                {
                    await drafts.SaveAsync(state.Draft with { Frozen = true }, ct);
                }

                var catalogue = await snapshots.SaveIfMissingAsync(state.Draft.ToCatalogue(), ct);
                logger.LogInformation("Froze the {Year} catalogue: {Count} recommendations", year, catalogue.AllRecommendations.Count());
                return catalogue;
            }
            catch (ConcurrencyConflictException) when (attempt < 4)
            {
                // An editor saved meanwhile; read the draft again.
            }
        }
    }

    private async Task<(Domain.Catalogue Seed, string Description)> SeedAsync(int year, CancellationToken ct)
    {
        var earlier = (await cycles.ListAsync(ct)).Where(c => c.CatalogueYear < year).Select(c => c.CatalogueYear).Distinct().OrderDescending();
        foreach (var y in earlier)
        {
            if (await snapshots.GetAsync(y, ct) is { } last)
            {
                return (last.ForYear(year), $"anbefalingerne fra {y}");
            }
        }

        var file = options.Value.CatalogueFile;
        return string.IsNullOrWhiteSpace(file)
            ? (CatalogueFile.LoadBuiltIn(year), "de indbyggede anbefalinger fra 2015")
            : (CatalogueFile.Load(file, year), $"filen i Cycle:CatalogueFile ({Path.GetFileName(file)})");
    }
}
