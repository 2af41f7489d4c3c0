using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Storage;

/// <summary>
/// Catalogue snapshots, one partition per year. A snapshot is written once and never changed, so that a cycle
/// always shows the recommendations it asked. Because a stored snapshot never changes, it is read from storage
/// once per process and then served from memory (a form view must not re-read 21 rows that cannot change).
/// </summary>
public sealed class CatalogueRepository(StorageClients clients)
{
    private TableClient Table => clients.Table("Catalogues");

    public async Task<Domain.Catalogue?> GetAsync(int year, CancellationToken ct = default)
    {
        var pk = year.ToString(CultureInfo.InvariantCulture);

        // Only a complete snapshot is kept (the meta row is written last); a missing one is asked again next time.
        return await clients.ReadCache.GetOrReadAsync(TableReadCache.Key(Table.Uri, pk), () => ReadAsync(pk, year, CancellationToken.None)).WaitAsync(ct);
    }

    private async Task<Domain.Catalogue?> ReadAsync(string pk, int year, CancellationToken ct)
    {
        var rows = await TableOperations.QueryAsync<TableEntity>(clients, Table, TableClient.CreateQueryFilter($"PartitionKey eq {pk}"), ct);
        var meta = rows.FirstOrDefault(r => r.RowKey == "meta");
        if (meta is null)
        {
            return null;
        }

        var areas = new List<CatalogueArea>();
        foreach (var areaRow in rows.Where(r => r.RowKey.StartsWith('a') && !r.RowKey.Contains('-', StringComparison.Ordinal)).OrderBy(r => r.RowKey, StringComparer.Ordinal))
        {
            var areaId = areaRow.GetString("AreaId");
            var recommendations = rows
                .Where(r => r.RowKey.StartsWith(areaRow.RowKey + "-", StringComparison.Ordinal))
                .OrderBy(r => r.RowKey, StringComparer.Ordinal)
                .Select(r => new Recommendation(r.GetString("RecommendationId"), areaId, Enum.Parse<Obligation>(r.GetString("Obligation")), r.GetString("Text")))
                .ToList();
            areas.Add(new CatalogueArea(areaId, areaRow.GetString("Title"), areaRow.GetString("Intro") ?? "", recommendations));
        }

        return new Domain.Catalogue(year, meta.GetString("Title"), areas);
    }

    /// <summary>Stores the snapshot if the year has none; returns the stored one either way.</summary>
    public async Task<Domain.Catalogue> SaveIfMissingAsync(Domain.Catalogue catalogue, CancellationToken ct = default)
    {
        var existing = await GetAsync(catalogue.Year, ct);
        if (existing is not null)
        {
            return existing;
        }

        var pk = catalogue.Year.ToString(CultureInfo.InvariantCulture);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, new TableEntity(pk, "meta") { ["Title"] = catalogue.Title }),
        };
        for (var a = 0; a < catalogue.Areas.Count; a++)
        {
            var area = catalogue.Areas[a];
            var areaKey = "a" + a.ToString("D3", CultureInfo.InvariantCulture);
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(pk, areaKey)
            {
                ["AreaId"] = area.Id,
                ["Title"] = area.Title,
                ["Intro"] = area.Intro,
            }));
            for (var r = 0; r < area.Recommendations.Count; r++)
            {
                var rec = area.Recommendations[r];
                actions.Add(new(TableTransactionActionType.Add, new TableEntity(pk, areaKey + "-r" + r.ToString("D3", CultureInfo.InvariantCulture))
                {
                    ["RecommendationId"] = rec.Id,
                    ["Obligation"] = rec.Obligation.ToString(),
                    ["Text"] = rec.Text,
                }));
            }
        }

        try
        {
            // A transaction holds at most 100 operations; larger catalogues are written in chunks, meta last,
            // so that a half-written catalogue is never visible (GetAsync needs the meta row).
            var meta = actions[0];
            foreach (var chunk in actions.Skip(1).Chunk(100))
            {
                await TableOperations.SubmitAsync(clients, Table, chunk, $"Kataloget for {catalogue.Year}", ct);
            }

            await TableOperations.SubmitAsync(clients, Table, [meta], $"Kataloget for {catalogue.Year}", ct);
        }
        catch (ConcurrencyConflictException)
        {
            // Another writer stored the same year's snapshot first; theirs stands.
        }

        return await GetAsync(catalogue.Year, ct) ?? catalogue;
    }
}
