using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Fremdrift.Shared.Storage;

/// <summary>Where an import of a year stands: being written, stored, or being deleted.</summary>
public enum ImportRecordState
{
    Writing,
    Done,
    Deleting,
}

/// <summary>
/// What the secretariat imported for a year and from which file; the row is also the year's import lock: every
/// import, replacement and deletion of the year first claims it (created, or replaced under its ETag), so two at
/// once for one year cannot both write.
/// </summary>
public sealed record ImportRecord(
    int Year,
    ImportRecordState State,
    string FileName,
    DateTimeOffset At,
    string By,
    int Rows,
    int Jobcentres,
    int Recommendations,
    string Version = "");

/// <summary>
/// The import record of a year (row "import" in the year's partition of the YearContent table) and the removal of
/// an imported year's stored rows: its cycle row, its Responses partition and its catalogue snapshot.
/// </summary>
public sealed class ImportedYearRepository(StorageClients clients)
{
    private const string RowKey = "import";
    private TableClient Content => clients.Table("YearContent");
    private TableClient Cycles => clients.Table("Cycles");
    private TableClient Responses => clients.Table("Responses");
    private TableClient Catalogues => clients.Table("Catalogues");

    public async Task<ImportRecord?> GetAsync(int year, CancellationToken ct = default)
    {
        var row = await TableOperations.GetAsync<TableEntity>(clients, Content, Partition(year), RowKey, ct);
        return row is null ? null : new ImportRecord(
            year,
            Enum.TryParse<ImportRecordState>(row.GetString("State"), out var state) ? state : ImportRecordState.Done,
            row.GetString("FileName") ?? "",
            row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
            row.GetString("By") ?? "",
            row.GetInt32("Rows") ?? 0,
            row.GetInt32("Jobcentres") ?? 0,
            row.GetInt32("Recommendations") ?? 0,
            row.ETag.ToString());
    }

    /// <summary>
    /// Writes the record if the stored one still has <paramref name="expectedVersion"/> (null: there must be none).
    /// Throws <see cref="ConcurrencyConflictException"/> when someone else claimed or changed it first.
    /// </summary>
    public async Task<ImportRecord> WriteAsync(ImportRecord record, string? expectedVersion, CancellationToken ct = default)
    {
        var entity = new TableEntity(Partition(record.Year), RowKey)
        {
            ["State"] = record.State.ToString(),
            ["FileName"] = record.FileName,
            ["At"] = record.At.ToUniversalTime(),
            ["By"] = record.By,
            ["Rows"] = record.Rows,
            ["Jobcentres"] = record.Jobcentres,
            ["Recommendations"] = record.Recommendations,
        };
        var what = $"Indlæsningen af {record.Year}";
        var etag = expectedVersion is null
            ? await TableOperations.AddAsync(clients, Content, entity, what, ct)
            : await TableOperations.UpdateAsync(clients, Content, entity, expectedVersion, what, ct);
        return record with { Version = etag.ToString() };
    }

    /// <summary>Removes the record if it still has <paramref name="version"/>; false if someone else changed it.</summary>
    public async Task<bool> DeleteAsync(int year, string version, CancellationToken ct = default)
    {
        try
        {
            await clients.Guard(() => Content.DeleteEntityAsync(Partition(year), RowKey, new ETag(version), ct));
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>How many rows the year has in the Responses partition and in its catalogue snapshot (what a deletion removes).</summary>
    public async Task<(int Responses, int Catalogue)> CountRowsAsync(int year, CancellationToken ct = default) =>
        ((await RowKeysAsync(Responses, Partition(year), ct)).Count, (await RowKeysAsync(Catalogues, Partition(year), ct)).Count);

    /// <summary>
    /// Deletes an imported year's rows: the cycle row first (so the year leaves every list before its answers go),
    /// then its Responses partition, then, when <paramref name="catalogue"/>, its catalogue snapshot (meta row
    /// first, so a half-deleted snapshot reads as missing). Idempotent: a rerun after a crash finishes the job.
    /// </summary>
    public async Task DeleteStoredYearAsync(int year, bool catalogue, CancellationToken ct = default)
    {
        await DeleteIfExistsAsync(Cycles, "cycle", Partition(year), ct);
        await DeletePartitionAsync(Responses, Partition(year), ct);
        if (catalogue)
        {
            await DeleteIfExistsAsync(Catalogues, Partition(year), "meta", ct);
            await DeletePartitionAsync(Catalogues, Partition(year), ct);

            // A snapshot is otherwise immutable and kept in memory once read; an imported year's is the one that can go.
            clients.ReadCache.Remove(TableReadCache.Key(Catalogues.Uri, Partition(year)));
        }
    }

    private async Task DeleteIfExistsAsync(TableClient table, string partition, string rowKey, CancellationToken ct)
    {
        try
        {
            await clients.Guard(() => table.DeleteEntityAsync(partition, rowKey, ETag.All, ct));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already gone: a rerun after a crash, or nothing to delete.
        }
    }

    private async Task DeletePartitionAsync(TableClient table, string partition, CancellationToken ct)
    {
        var keys = await RowKeysAsync(table, partition, ct);
        foreach (var chunk in keys.Chunk(100))
        {
            await clients.Guard(() => table.SubmitTransactionAsync(
                chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, k), ETag.All)), ct));
        }
    }

    private Task<List<string>> RowKeysAsync(TableClient table, string partition, CancellationToken ct) =>
        clients.Guard(async () =>
        {
            var keys = new List<string>();
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"], cancellationToken: ct))
            {
                keys.Add(row.RowKey);
            }

            return keys;
        });

    /// <summary>The year's partition key, in the one place that builds it for this class (it may later gain a prefix).</summary>
    private static string Partition(int year) => year.ToString(CultureInfo.InvariantCulture);
}
