using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Storage;

/// <summary>
/// The send log: one row per (jobcentre, step), in the year's partition of the Responses table beside the responses
/// ("m-101-invitation"; row keys starting "m-" sort after every response row, whose keys start with the municipality
/// code). Claiming a row before sending is what makes a mail step idempotent: a second sender finds the claim and does
/// not send again. Sharing the partition lets the loop and the status page read the year's responses and mails in one
/// query (<see cref="ResponseRepository.ListStatusesAndSendLogAsync"/>, <see cref="ResponseRepository.ListWithSendLogAsync"/>).
/// Every read and write first makes sure a send log kept in its own table by an earlier version has been moved into the
/// partitions (<see cref="StorageClients.EnsureSendLogMovedAsync"/>), so no mail is claimed again because its old row had
/// not been moved yet.
/// </summary>
public sealed class SendLogRepository(StorageClients clients)
{
    /// <summary>The first characters of a send-log row's key; response rows start with a digit.</summary>
    internal const string KeyPrefix = "m-";

    private TableClient Table => clients.Table("Responses");

    public async Task<SendLogEntry?> GetAsync(int year, int municipalityCode, string step, CancellationToken ct = default)
    {
        await clients.EnsureSendLogMovedAsync(ct);
        var row = await TableOperations.GetAsync<TableEntity>(clients, Table, Year(year), Key(municipalityCode, step), ct);
        return row is null ? null : FromRow(year, row);
    }

    public async Task<IReadOnlyList<SendLogEntry>> ListAsync(int year, CancellationToken ct = default)
    {
        await clients.EnsureSendLogMovedAsync(ct);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Year(year)} and RowKey ge {KeyPrefix} and RowKey lt {KeyEnd}");
        var rows = await TableOperations.QueryAsync<TableEntity>(clients, Table, filter, ct);
        return rows.Select(r => FromRow(year, r)).OrderBy(e => e.At).ToList();
    }

    /// <summary>Adds the entry if no row exists for its key; returns null when someone else holds the row.</summary>
    public async Task<SendLogEntry?> TryClaimAsync(SendLogEntry entry, CancellationToken ct = default)
    {
        await clients.EnsureSendLogMovedAsync(ct);
        try
        {
            var etag = await TableOperations.AddAsync(clients, Table, ToEntity(entry), "Udsendelsen", ct);
            return entry with { Version = etag.ToString() };
        }
        catch (ConcurrencyConflictException)
        {
            return null;
        }
    }

    /// <summary>Replaces the entry if unchanged since read (its Version); conflict otherwise.</summary>
    public async Task<SendLogEntry> UpdateAsync(SendLogEntry entry, CancellationToken ct = default)
    {
        await clients.EnsureSendLogMovedAsync(ct);
        var etag = await TableOperations.UpdateAsync(clients, Table, ToEntity(entry), entry.Version, "Udsendelsen", ct);
        return entry with { Version = etag.ToString() };
    }

    /// <summary>The end of the send log's key range ("." sorts right after "-").</summary>
    internal const string KeyEnd = "m.";

    /// <summary>Whether a row of a year's Responses partition is a send-log row.</summary>
    internal static bool IsSendLogRow(string rowKey) => rowKey.StartsWith(KeyPrefix, StringComparison.Ordinal);

    /// <summary>
    /// An entry from its row: the jobcentre and step from the key ("m-101-invitation"). A whole row (with metadata)
    /// carries its ETag as the version; a row the loop read with only key, status and time ($select, without metadata,
    /// <see cref="LeanTableReads"/>) leaves recipient, message id, reason and version empty.
    /// </summary>
    internal static SendLogEntry FromRow(int year, TableEntity r)
    {
        var (code, step) = ParseKey(r.RowKey);
        return new SendLogEntry(
            year,
            code,
            step,
            Enum.Parse<SendStatus>(r.GetString("Status") ?? nameof(SendStatus.Failed)),
            r.GetString("To"),
            r.GetString("MessageId"),
            r.GetString("Reason"),
            r.GetInt32("Attempts") ?? 0,
            LeanTableReads.Time(r, "At") ?? DateTimeOffset.MinValue,
            r.ETag == default ? "" : r.ETag.ToString());
    }

    /// <summary>
    /// Moves the rows a version before this one kept in a table of their own ("SendLog", row key "101-invitation") into
    /// the Responses partitions, then deletes that table. A row already in place is left as it is (a claim made there
    /// wins); run again after a crash half-way, it moves the rest. Returns the number of rows moved.
    /// </summary>
    internal static async Task<int> MoveOldTableAsync(StorageClients clients, CancellationToken ct)
    {
        var old = clients.Table("SendLog");
        List<TableEntity> rows;
        try
        {
            rows = [];
            await foreach (var row in old.QueryAsync<TableEntity>(cancellationToken: ct))
            {
                rows.Add(row);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return 0;
        }

        var responses = clients.Table("Responses");
        var moved = 0;
        foreach (var row in rows)
        {
            var copy = new TableEntity(row.PartitionKey, KeyPrefix + row.RowKey);
            foreach (var (name, value) in row.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")))
            {
                copy[name] = value;
            }

            try
            {
                await responses.AddEntityAsync(copy, ct);
                moved++;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
            }
        }

        await old.DeleteAsync(ct);
        return moved;
    }

    private static (int Code, string Step) ParseKey(string rowKey)
    {
        var dash = rowKey.IndexOf('-', KeyPrefix.Length);
        return (int.Parse(rowKey.AsSpan(KeyPrefix.Length, dash - KeyPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture), rowKey[(dash + 1)..]);
    }

    private static TableEntity ToEntity(SendLogEntry e) => new(Year(e.Year), Key(e.MunicipalityCode, e.Step))
    {
        ["Status"] = e.Status.ToString(),
        ["To"] = e.To,
        ["MessageId"] = e.MessageId,
        ["Reason"] = e.Reason,
        ["Attempts"] = e.Attempts,
        ["At"] = e.At.ToUniversalTime(),
    };

    private static string Year(int year) => year.ToString(CultureInfo.InvariantCulture);

    private static string Key(int code, string step) => KeyPrefix + code.ToString("D3", CultureInfo.InvariantCulture) + "-" + step;
}
