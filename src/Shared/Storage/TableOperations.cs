using Azure;
using Azure.Data.Tables;

namespace Fremdrift.Shared.Storage;

/// <summary>ETag-guarded writes with the SDK's status codes turned into the app's exceptions.</summary>
internal static class TableOperations
{
    public static async Task<ETag> AddAsync(StorageClients clients, TableClient table, ITableEntity entity, string what, CancellationToken ct)
    {
        try
        {
            var response = await clients.Guard(() => table.AddEntityAsync(entity, ct));
            return response.Headers.ETag ?? default;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            throw new ConcurrencyConflictException($"{what} findes allerede.", e);
        }
    }

    public static async Task<ETag> UpdateAsync(StorageClients clients, TableClient table, ITableEntity entity, string version, string what, CancellationToken ct)
    {
        if (!IsEntityVersion(version))
        {
            // A version comes back from a form; "*" (or anything else that is not an ETag the service gave out)
            // would turn If-Match into an unconditional overwrite.
            throw new ConcurrencyConflictException($"{what}: versionen \"{version}\" er ikke en version, som lageret har udleveret.");
        }

        try
        {
            var response = await clients.Guard(() => table.UpdateEntityAsync(entity, new ETag(version), TableUpdateMode.Replace, ct));
            return response.Headers.ETag ?? default;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            throw new ConcurrencyConflictException($"{what} er blevet ændret af en anden siden den blev læst.", e);
        }
    }

    /// <summary>True for an ETag as the Table service gives them out (quoted, optionally weak); never the wildcard.</summary>
    public static bool IsEntityVersion(string? version) =>
        version is { Length: > 2 } v
        && (v.StartsWith("W/\"", StringComparison.Ordinal) ? v.Length > 4 : v.StartsWith('"'))
        && v.EndsWith('"')
        && !v.Contains('*', StringComparison.Ordinal)
        && !v.Any(char.IsControl);

    public static async Task<T?> GetAsync<T>(StorageClients clients, TableClient table, string partitionKey, string rowKey, CancellationToken ct)
        where T : class, ITableEntity
    {
        var response = await clients.Guard(() => table.GetEntityIfExistsAsync<T>(partitionKey, rowKey, cancellationToken: ct));
        return response.HasValue ? response.Value : null;
    }

    public static async Task<List<T>> QueryAsync<T>(StorageClients clients, TableClient table, string filter, CancellationToken ct)
        where T : class, ITableEntity
    {
        return await clients.Guard(async () =>
        {
            var list = new List<T>();
            await foreach (var entity in table.QueryAsync<T>(filter, cancellationToken: ct))
            {
                list.Add(entity);
            }

            return list;
        });
    }

    /// <summary>Runs an entity group transaction; a failed precondition anywhere means nothing was written.</summary>
    public static async Task<IReadOnlyList<Azure.Response>> SubmitAsync(StorageClients clients, TableClient table, IReadOnlyList<TableTransactionAction> actions, string what, CancellationToken ct)
    {
        try
        {
            var response = await clients.Guard(() => table.SubmitTransactionAsync(actions, ct));
            return response.Value;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404)
        {
            throw new ConcurrencyConflictException($"{what} er blevet ændret af en anden siden den blev læst.", e);
        }
    }
}
