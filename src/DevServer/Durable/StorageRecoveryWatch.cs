using Azure;
using Azure.Data.Tables;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Storage;
using Microsoft.DurableTask.Client;

namespace Fremdrift.DevServer.Durable;

/// <summary>
/// Carries the local host through a storage crash without a restart. Azurite keeps its data in LokiJS databases that
/// reach the disk every 5 seconds, so an Azurite that dies and comes back has lost what it acknowledged in its last
/// seconds: send-log rows (the loop sends those mails again: it decides from the rows that exist), and the Durable
/// engine's own messages and history, which can leave the year's orchestration waiting for an activity result that no
/// longer exists, for ever (a restarted host would leave a "running" instance alone too). So when storage answers
/// again after it could not be reached, or a table of ours has vanished, this makes the tables, container and directory
/// (<see cref="StorageBootstrap.PrepareAgainAsync"/>) exist again, restarts the Durable engine in this process (which
/// makes its task hub again: <see cref="DurableSidecar.RestartAsync"/>), and restarts the year's loop from storage
/// (all its state lives there; a mail claimed by the old instance is settled by its send-log row).
/// </summary>
internal sealed class StorageRecoveryWatch(
    StorageClients storage,
    StorageBootstrap bootstrap,
    DurableSidecar sidecar,
    DurableTaskClient client,
    CycleStarter starter,
    CycleInstanceControl instances,
    ILogger<StorageRecoveryWatch> logger) : BackgroundService
{
    /// <summary>Real time between looks at storage; shorter than Azurite takes to start again, so a restart is seen.</summary>
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    /// <summary>The actor the audit log shows for the restart.</summary>
    public const string Actor = "den lokale vært (lageret var væk)";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pending = false;
        var everUp = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(ProbeInterval, stoppingToken);
                var tableVanished = await ProbeAsync(stoppingToken);
                if (!everUp)
                {
                    // The host's own start-up made everything; only what happens after that counts.
                    everUp = true;
                    continue;
                }

                if (pending || tableVanished)
                {
                    await RecoverAsync(stoppingToken);
                    pending = false;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Never let the watch take the host down: whatever failed (storage, the engine, the restart) is tried again.
                if (everUp && !pending)
                {
                    logger.LogWarning("Lageret kan ikke nås; årshjulet genstartes fra lageret, når det svarer igen: {Message}", e.Message);
                }

                pending |= everUp;
            }
        }
    }

    /// <summary>One cheap read; true when our cycle table had vanished (the read made it again).</summary>
    private async Task<bool> ProbeAsync(CancellationToken ct)
    {
        var table = storage.Table("Cycles");
        try
        {
            // Not through StorageClients.Guard, which would make a vanished table again and say nothing.
            await table.GetEntityIfExistsAsync<TableEntity>("probe", "probe", ["PartitionKey"], ct);
            return false;
        }
        catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode == "TableNotFound")
        {
            return true;
        }
    }

    private async Task RecoverAsync(CancellationToken ct)
    {
        await bootstrap.PrepareAgainAsync(ct);
        await sidecar.RestartAsync(ct);
        var year = starter.YearToPlan();
        var result = await instances.RestartAsync(client, year, Actor, ct);
        if (!result.Done)
        {
            throw new TimeoutException(result.Message);
        }

        logger.LogWarning("Lageret svarer igen; årshjulet for {Year} er genstartet fra lageret. {Message}", year, result.Message);
    }
}
