using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace Fremdrift.Shared.Storage;

/// <summary>
/// Reads rows without the Table service's OData metadata (<c>odata=nometadata</c>): no ETag and no type annotation
/// per row, which were about half of a loop turn's bytes. Only for queries whose rows are never written back (the
/// loop's $select reads): without an ETag a row cannot guard an update, and without annotations a date arrives as a
/// string, so the values are read with <see cref="Time"/> and <see cref="Flag"/>, which accept either form.
/// </summary>
internal static class LeanTableReads
{
    private const string Property = "Fremdrift.NoMetadata";

    /// <summary>Every table request started (and paged) inside the returned scope asks for rows without metadata.</summary>
    public static IDisposable Scope() =>
        HttpPipeline.CreateHttpMessagePropertiesScope(new Dictionary<string, object?>(StringComparer.Ordinal) { [Property] = true });

    /// <summary>Runs a $select query inside <see cref="Scope"/> and returns its rows.</summary>
    public static async Task<List<TableEntity>> QueryAsync(StorageClients clients, TableClient table, string filter, IEnumerable<string> select, CancellationToken ct) =>
        await clients.Guard(async () =>
        {
            using var lean = Scope();
            var rows = new List<TableEntity>();
            await foreach (var r in table.QueryAsync<TableEntity>(filter, select: select, cancellationToken: ct))
            {
                rows.Add(r);
            }

            return rows;
        });

    /// <summary>A date property, typed (with metadata) or as the service's ISO 8601 text (without).</summary>
    public static DateTimeOffset? Time(TableEntity row, string name) => row.TryGetValue(name, out var value) ? value switch
    {
        DateTimeOffset d => d,
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d) => d,
        _ => null,
    } : null;

    /// <summary>A Boolean property (JSON true/false in either format).</summary>
    public static bool? Flag(TableEntity row, string name) => row.TryGetValue(name, out var value) ? value switch
    {
        bool b => b,
        string s when bool.TryParse(s, out var b) => b,
        _ => null,
    } : null;

    /// <summary>Registered on the Table client's pipeline; acts only on requests made inside <see cref="Scope"/>.</summary>
    internal sealed class NoMetadataPolicy : HttpPipelineSynchronousPolicy
    {
        private const string Minimal = "odata=minimalmetadata";
        private const string MinimalEncoded = "odata%3Dminimalmetadata";

        public override void OnSendingRequest(HttpMessage message)
        {
            if (!message.TryGetProperty(Property, out var on) || on is not true)
            {
                return;
            }

            var uri = message.Request.Uri;
            uri.Query = uri.Query
                .Replace(MinimalEncoded, "odata%3Dnometadata", StringComparison.OrdinalIgnoreCase)
                .Replace(Minimal, "odata=nometadata", StringComparison.OrdinalIgnoreCase);
            message.Request.Headers.SetValue("Accept", "application/json;odata=nometadata");
        }
    }
}
