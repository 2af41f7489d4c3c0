using Azure;
using Azure.Data.Tables;
using Fremdrift.Shared.MailTexts;

namespace Fremdrift.Shared.Storage;

/// <summary>A year's text of one mail as stored, with the ETag to update it by, and who saved it when.</summary>
public sealed record StoredMailText(MailText Text, string Version, string ChangedBy, DateTimeOffset ChangedAt);

/// <summary>
/// The year's mail texts in <see cref="YearContentTable"/>, one row <c>mail|&lt;kind&gt;</c> per edited mail. No row:
/// the mail goes out with today's default. Every write is guarded by the ETag the editor was shown (a first save by
/// "does not exist yet"), so two editors at once never overwrite each other unseen.
/// </summary>
public sealed class MailTextRepository(StorageClients clients)
{
    private TableClient Table => clients.Table(YearContentTable.Name);

    public static string RowKey(string kind) => "mail|" + kind;

    /// <summary>The stored text, or null when the year uses the default.</summary>
    public async Task<StoredMailText?> GetAsync(int year, string kind, CancellationToken ct = default)
    {
        var row = await TableOperations.GetAsync<TableEntity>(clients, Table, YearContentTable.Partition(year), RowKey(kind), ct);
        return row is null ? null : ToStored(row);
    }

    /// <summary>The text the year's mail goes out with: the stored one, else <paramref name="kind"/>'s default.</summary>
    public async Task<MailText> TextAsync(int year, MailTextKind kind, CancellationToken ct = default) =>
        (await GetAsync(year, kind.Key, ct))?.Text ?? kind.Default;

    /// <summary>Every stored mail text of the year, by kind.</summary>
    public async Task<IReadOnlyDictionary<string, StoredMailText>> ListAsync(int year, CancellationToken ct = default)
    {
        var pk = YearContentTable.Partition(year);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {"mail|"} and RowKey lt {"mail}"}");
        var rows = await TableOperations.QueryAsync<TableEntity>(clients, Table, filter, ct);
        return rows.ToDictionary(r => r.RowKey["mail|".Length..], ToStored, StringComparer.Ordinal);
    }

    /// <summary>
    /// Saves the text if nobody changed it since <paramref name="version"/> was read; an empty version means the
    /// editor saw the default (no row), and then the row must still not exist. Returns the new version.
    /// </summary>
    public async Task<string> SaveAsync(int year, string kind, MailText text, string version, string actor, DateTimeOffset at, CancellationToken ct = default)
    {
        var entity = new TableEntity(YearContentTable.Partition(year), RowKey(kind))
        {
            ["Subject"] = text.Subject,
            ["Body"] = text.Body,
            ["ChangedBy"] = actor,
            ["ChangedAt"] = at.ToUniversalTime(),
        };
        var what = $"Mailteksten \"{kind}\" for {year}";
        var etag = version.Length == 0
            ? await TableOperations.AddAsync(clients, Table, entity, what, ct)
            : await TableOperations.UpdateAsync(clients, Table, entity, version, what, ct);
        return etag.ToString();
    }

    private static StoredMailText ToStored(TableEntity row) => new(
        new MailText(row.GetString("Subject") ?? "", row.GetString("Body") ?? ""),
        row.ETag.ToString(),
        row.GetString("ChangedBy") ?? "",
        row.GetDateTimeOffset("ChangedAt") ?? DateTimeOffset.MinValue);
}
