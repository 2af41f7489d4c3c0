using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Storage;

/// <summary>
/// The app's view of storage over the Azure clients that <see cref="StorageServiceCollectionExtensions"/> registers
/// (Microsoft.Extensions.Azure, one credential): every table name behind the configured prefix, the tables and the
/// document container made when missing, and an unreachable account reported in Danish.
/// </summary>
public sealed class StorageClients(TableServiceClient tables, BlobServiceClient blobs, IOptions<StorageOptions> options)
{
    /// <summary>Names of the tables the app owns (without prefix).</summary>
    public static readonly IReadOnlyList<string> TableNames =
        ["Cycles", "Catalogues", "Jobcentres", "Responses", "Links", "AuditLog", "WebhookEvents", "YearContent"];

    private readonly StorageOptions _options = options.Value;
    private readonly Lock _moveLock = new();
    private Task<int>? _sendLogMoved;

    public TableServiceClient Tables { get; } = tables;

    public BlobServiceClient Blobs { get; } = blobs;

    public StorageOptions Options => _options;

    /// <summary>Rows that never change once written (catalogue snapshots, link index rows), kept for the host's life.</summary>
    internal TableReadCache ReadCache { get; } = new();

    public TableClient Table(string name) => Tables.GetTableClient(_options.TablePrefix + name);

    /// <summary>
    /// Completes when a send log kept in its own table by an earlier version has been moved beside the responses
    /// (<see cref="SendLogRepository.MoveOldTableAsync"/>); the number of rows this call's move moved. Done once per
    /// host (a failed move is tried afresh by the next caller), so only the first call makes a request.
    /// </summary>
    internal Task<int> EnsureSendLogMovedAsync(CancellationToken ct)
    {
        lock (_moveLock)
        {
            if (_sendLogMoved is null || _sendLogMoved.IsFaulted || _sendLogMoved.IsCanceled)
            {
                _sendLogMoved = GuardConnection(() => SendLogRepository.MoveOldTableAsync(this, ct));
            }

            return _sendLogMoved.IsCompletedSuccessfully ? Task.FromResult(0) : _sendLogMoved;
        }
    }

    public BlobContainerClient Documents => Blobs.GetBlobContainerClient(_options.DocumentContainer);

    /// <summary>Creates every table and the document container if missing; fails fast with a Danish message.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await GuardConnection(async () =>
        {
            await EnsureTablesAndContainerAsync(cancellationToken);
            return true;
        });
    }

    /// <summary>
    /// Runs a storage call and turns "cannot connect" into a <see cref="StorageUnavailableException"/>. A table or
    /// the document container that has vanished (Azurite restarted without its data, someone deleted it) is created
    /// again and the call retried once, so that the caller carries on without a restart of the app.
    /// </summary>
    public async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await GuardConnection(action);
        }
        catch (RequestFailedException e) when (IsMissingTableOrContainer(e))
        {
            await GuardConnection(async () =>
            {
                await EnsureTablesAndContainerAsync(CancellationToken.None);
                return true;
            });
            return await GuardConnection(action);
        }
    }

    /// <summary>What the Table and Blob services answer for a table or container that does not exist.</summary>
    internal static bool IsMissingTableOrContainer(RequestFailedException e) =>
        e.Status == 404 && e.ErrorCode is "TableNotFound" or "ContainerNotFound";

    private async Task EnsureTablesAndContainerAsync(CancellationToken cancellationToken)
    {
        foreach (var name in TableNames)
        {
            await Table(name).CreateIfNotExistsAsync(cancellationToken);
        }

        await Documents.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    private async Task<T> GuardConnection<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (RequestFailedException e) when (e.Status == 0 || e.Status >= 500)
        {
            throw Unavailable(e);
        }
        catch (AggregateException e) when (e.InnerExceptions.Any(i => i is RequestFailedException or HttpRequestException or IOException))
        {
            throw Unavailable(e);
        }
        catch (HttpRequestException e)
        {
            throw Unavailable(e);
        }
        catch (IOException e)
        {
            // A connection that drops while the answer is read ("Transport endpoint is not connected") surfaces
            // as an IOException from the response stream rather than as an HttpRequestException.
            throw Unavailable(e);
        }
    }

    public Task Guard(Func<Task> action) => Guard(async () =>
    {
        await action();
        return true;
    });

    private StorageUnavailableException Unavailable(Exception e) => new(
        $"Kan ikke nå lageret: {_options.DescribeEndpoint()}. Tjek indstillingen Storage__ConnectionString " +
        "(eller Storage__TableServiceUri/Storage__BlobServiceUri) og at Azurite kører lokalt.", e);
}
