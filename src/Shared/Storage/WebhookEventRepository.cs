using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Data.Tables;

namespace Fremdrift.Shared.Storage;

/// <summary>
/// SendGrid event ids (sg_event_id) already acted on, one partition per jobcentre, so that a replayed or
/// redelivered bounce changes nothing. Only events that concern a jobcentre are kept: a few per year.
/// </summary>
public sealed partial class WebhookEventRepository(StorageClients clients)
{
    private TableClient Table => clients.Table("WebhookEvents");

    /// <summary>The stored keys of the events already processed, by jobcentre (a few rows per jobcentre and year).</summary>
    public async Task<IReadOnlyDictionary<int, HashSet<string>>> ProcessedAsync(CancellationToken ct = default)
    {
        var rows = await TableOperations.QueryAsync<TableEntity>(clients, Table, "", ct);
        return rows
            .GroupBy(r => int.Parse(r.PartitionKey, System.Globalization.CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Select(r => r.RowKey).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Records event keys (see <see cref="Key"/>) as processed; upserts, so recording twice is harmless.</summary>
    public async Task MarkProcessedAsync(int municipalityCode, IEnumerable<string> keys, DateTimeOffset at, CancellationToken ct = default)
    {
        foreach (var chunk in keys.Distinct(StringComparer.Ordinal).Chunk(100))
        {
            var actions = chunk
                .Select(k => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(Partition(municipalityCode), k) { ["ProcessedAt"] = at }))
                .ToList();
            await TableOperations.SubmitAsync(clients, Table, actions, "SendGrid-hændelser", ct);
        }
    }

    /// <summary>
    /// A row key for an event id: the id itself when it is plain (SendGrid's ids are base64url-like), else a hash,
    /// since a row key may not hold / \ # ? or control characters.
    /// </summary>
    public static string Key(string eventId) =>
        PlainId().IsMatch(eventId) ? eventId : "h-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)));

    private static string Partition(int municipalityCode) => municipalityCode.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9_.=-]{1,200}$")]
    private static partial Regex PlainId();
}
