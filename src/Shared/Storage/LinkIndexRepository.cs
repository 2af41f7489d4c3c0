using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Fremdrift.Shared.Storage;

/// <summary>
/// Which cycle and jobcentre a link's token hash belongs to, and the jobcentre's name as the form shows it (a name is
/// written when the directory is seeded and never edited; null in rows indexed before the name was kept here).
/// </summary>
public sealed record LinkTarget(int Year, int MunicipalityCode, string? JobcentreName = null);

/// <summary>
/// Index from a personal link's SHA-256 token hash to its response. The response header stays the authority:
/// a hash found here only counts if it is still the response's current link. A hash always names the same
/// year and jobcentre (it is derived from them), so a target once found is kept in memory: a removed row (a
/// re-issued link) is caught by that check against the response, which every form request reads anyway. The row
/// also carries the jobcentre's name, so that a form view needs no read of the directory.
/// </summary>
public sealed class LinkIndexRepository(StorageClients clients)
{
    private const string Partition = "link";
    private TableClient Table => clients.Table("Links");

    public async Task<LinkTarget?> FindAsync(string tokenHash, CancellationToken ct = default)
    {
        var key = TableReadCache.Key(Table.Uri, tokenHash);
        if (clients.ReadCache.TryGet<LinkTarget>(key, out var cached))
        {
            return cached;
        }

        var row = await TableOperations.GetAsync<TableEntity>(clients, Table, Partition, tokenHash, ct);
        if (row is null)
        {
            // Unknown hashes are not kept: junk must not fill memory, and a link indexed a moment later must work.
            return null;
        }

        var target = new LinkTarget(row.GetInt32("Year") ?? 0, row.GetInt32("MunicipalityCode") ?? 0, row.GetString("JobcentreName"));
        clients.ReadCache.Set(key, target);
        return target;
    }

    public Task AddAsync(string tokenHash, LinkTarget target, CancellationToken ct = default) =>
        clients.Guard(() => Table.UpsertEntityAsync(
            new TableEntity(Partition, tokenHash) { ["Year"] = target.Year, ["MunicipalityCode"] = target.MunicipalityCode, ["JobcentreName"] = target.JobcentreName },
            TableUpdateMode.Replace,
            ct));

    public Task RemoveAsync(string tokenHash, CancellationToken ct = default)
    {
        clients.ReadCache.Remove(TableReadCache.Key(Table.Uri, tokenHash));
        return clients.Guard(() => Table.DeleteEntityAsync(Partition, tokenHash, ETag.All, ct));
    }

    internal static string Describe(LinkTarget t) => string.Create(CultureInfo.InvariantCulture, $"{t.Year}/{t.MunicipalityCode:D3}");
}
