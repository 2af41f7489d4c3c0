using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Storage;

/// <summary>
/// The send log, one partition per year, one row per (jobcentre, step). Claiming a row before sending is what
/// makes a mail step idempotent: a second sender finds the claim and does not send again.
/// </summary>
public sealed class SendLogRepository(StorageClients clients)
{
    private TableClient Table => clients.Table("SendLog");

    public async Task<SendLogEntry?> GetAsync(int year, int municipalityCode, string step, CancellationToken ct = default)
    {
        var row = await TableOperations.GetAsync<TableEntity>(clients, Table, Year(year), Key(municipalityCode, step), ct);
        return row is null ? null : ToDomain(year, row);
    }

    public async Task<IReadOnlyList<SendLogEntry>> ListAsync(int year, CancellationToken ct = default)
    {
        var rows = await TableOperations.QueryAsync<TableEntity>(clients, Table, TableClient.CreateQueryFilter($"PartitionKey eq {Year(year)}"), ct);
        return rows.Select(r => ToDomain(year, r)).OrderBy(e => e.At).ToList();
    }

    /// <summary>
    /// The year's entries reduced to what the cycle's decider looks at: the row key (jobcentre and step), status and
    /// time ($select), without OData metadata (<see cref="LeanTableReads"/>). Recipient, message id and reason are
    /// left empty. For the decider's snapshot only.
    /// </summary>
    public async Task<IReadOnlyList<SendLogEntry>> ListForCycleAsync(int year, CancellationToken ct = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Year(year)}");
        var rows = await LeanTableReads.QueryAsync(clients, Table, filter, ["RowKey", "Status", "At"], ct);
        return rows.Select(r => FromKey(year, r)).OrderBy(e => e.At).ToList();
    }

    /// <summary>An entry from its row key ("101-invitation": jobcentre, then step; see <see cref="Key"/>), status and time.</summary>
    private static SendLogEntry FromKey(int year, TableEntity r)
    {
        var dash = r.RowKey.IndexOf('-', StringComparison.Ordinal);
        return new SendLogEntry(
            year,
            int.Parse(r.RowKey.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture),
            r.RowKey[(dash + 1)..],
            Enum.Parse<SendStatus>(r.GetString("Status") ?? nameof(SendStatus.Failed)),
            null,
            null,
            null,
            0,
            LeanTableReads.Time(r, "At") ?? DateTimeOffset.MinValue,
            "");
    }

    /// <summary>Adds the entry if no row exists for its key; returns null when someone else holds the row.</summary>
    public async Task<SendLogEntry?> TryClaimAsync(SendLogEntry entry, CancellationToken ct = default)
    {
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
        var etag = await TableOperations.UpdateAsync(clients, Table, ToEntity(entry), entry.Version, "Udsendelsen", ct);
        return entry with { Version = etag.ToString() };
    }

    private static TableEntity ToEntity(SendLogEntry e) => new(Year(e.Year), Key(e.MunicipalityCode, e.Step))
    {
        ["MunicipalityCode"] = e.MunicipalityCode,
        ["Step"] = e.Step,
        ["Status"] = e.Status.ToString(),
        ["To"] = e.To,
        ["MessageId"] = e.MessageId,
        ["Reason"] = e.Reason,
        ["Attempts"] = e.Attempts,
        ["At"] = e.At.ToUniversalTime(),
    };

    private static SendLogEntry ToDomain(int year, TableEntity r) => new(
        year,
        r.GetInt32("MunicipalityCode") ?? 0,
        r.GetString("Step") ?? "",
        Enum.Parse<SendStatus>(r.GetString("Status") ?? nameof(SendStatus.Failed)),
        r.GetString("To"),
        r.GetString("MessageId"),
        r.GetString("Reason"),
        r.GetInt32("Attempts") ?? 0,
        r.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        r.ETag.ToString());

    private static string Year(int year) => year.ToString(CultureInfo.InvariantCulture);

    private static string Key(int code, string step) => code.ToString("D3", CultureInfo.InvariantCulture) + "-" + step;
}
