using System.Globalization;
using Azure.Data.Tables;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Storage;

/// <summary>Append-only audit log, one partition per year, newest first (row keys count down in time).</summary>
public sealed class AuditLogRepository(StorageClients clients)
{
    private TableClient Table => clients.Table("AuditLog");

    public Task AppendAsync(AuditEntry entry, CancellationToken ct = default)
    {
        var rowKey = (DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)
            + "-" + Guid.NewGuid().ToString("N");
        var entity = new TableEntity(entry.Year.ToString(CultureInfo.InvariantCulture), rowKey)
        {
            ["At"] = entry.At.ToUniversalTime(),
            ["Actor"] = entry.Actor,
            ["Action"] = entry.Action,
            ["Details"] = entry.Details,
        };
        return clients.Guard(() => Table.AddEntityAsync(entity, ct));
    }

    /// <summary>The newest <paramref name="take"/> entries: one page of the query (row keys sort newest first), not the whole year.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(int year, int take = 200, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {year.ToString(CultureInfo.InvariantCulture)}");
        var rows = await clients.Guard(async () =>
        {
            await foreach (var page in Table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(take, 1000), cancellationToken: ct).AsPages())
            {
                return page.Values;
            }

            return (IReadOnlyList<TableEntity>)[];
        });
        return rows.OrderBy(r => r.RowKey, StringComparer.Ordinal).Take(take)
            .Select(r => new AuditEntry(year, r.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue, r.GetString("Actor") ?? "", r.GetString("Action") ?? "", r.GetString("Details") ?? ""))
            .ToList();
    }
}
