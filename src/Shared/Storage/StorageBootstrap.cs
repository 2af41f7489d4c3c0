using Fremdrift.Shared.Catalogue;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fremdrift.Shared.Storage;

/// <summary>
/// Makes a storage account ready for the app: every table and the document container exist, and the directory
/// holds the built-in 29 jobcentres if it is empty, and a send log kept in its own table by an earlier version has
/// been moved beside the responses (<see cref="StorageClients.EnsureSendLogMovedAsync"/>). Both hosts run it at start, so a fresh deployment works with
/// nothing created by hand. Idempotent and safe with several instances starting at once (create-if-not-exists;
/// the directory seed skips rows another instance added first). A success is remembered for the process.
/// </summary>
public sealed class StorageBootstrap(StorageClients storage, JobcentreRepository directory, ILogger<StorageBootstrap> logger)
{
    private readonly Lock _lock = new();
    private Task? _ready;

    /// <summary>Completes when storage is ready; callers at the same time share one attempt, a failed one is tried afresh.</summary>
    public Task EnsureReadyAsync(CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (_ready is null || _ready.IsFaulted || _ready.IsCanceled)
            {
                _ready = PrepareAsync(ct);
            }

            return _ready;
        }
    }

    /// <summary>
    /// Prepares again, whatever an earlier call did: after storage came back from an outage that may have lost tables or
    /// rows (a killed Azurite forgets what it had not saved yet), so the tables, container and directory are there again.
    /// </summary>
    public Task PrepareAgainAsync(CancellationToken ct = default) => PrepareAsync(ct);

    private async Task PrepareAsync(CancellationToken ct)
    {
        await storage.EnsureCreatedAsync(ct);
        var moved = await storage.EnsureSendLogMovedAsync(ct);
        if (moved > 0)
        {
            logger.LogInformation("Udsendelsesloggen er flyttet fra sin egen tabel (SendLog) ind i svartabellen: {Count} rækker", moved);
        }

        var added = await directory.SeedIfEmptyAsync(MunicipalityFile.LoadBuiltInDirectory(), ct);
        var flagged = await directory.AddMissingFlagsAsync(ct);
        if (flagged > 0)
        {
            logger.LogInformation("Jobcenterlisten er skrevet om med loopets markeringer (aktiv, adresse, afvist): {Count} jobcentre", flagged);
        }

        if (added > 0)
        {
            logger.LogInformation("Loaded the built-in directory: {Count} jobcentres", added);
        }
    }
}

/// <summary>
/// Runs <see cref="StorageBootstrap"/> when the host starts, trying again with a growing pause while storage cannot
/// be reached (a new deployment's role assignments can take minutes to apply), and saying so in the log.
/// </summary>
public sealed class StorageBootstrapService(StorageBootstrap bootstrap, ILogger<StorageBootstrapService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = TimeSpan.FromSeconds(2);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await bootstrap.EnsureReadyAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Lageret kunne ikke gøres klar (tabeller, container og jobcenterliste); prøver igen om {Pause}", pause);
                await Task.Delay(pause, stoppingToken);
                pause = pause < TimeSpan.FromMinutes(2) ? pause * 2 : pause;
            }
        }
    }
}
