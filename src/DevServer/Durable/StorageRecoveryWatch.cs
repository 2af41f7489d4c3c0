using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Storage;
using Microsoft.DurableTask.Client;

namespace Fremdrift.DevServer.Durable;

/// <summary>
/// Carries the local host through a storage crash without a restart. Azurite keeps its data in LokiJS databases that
/// reach the disk every 5 seconds, so an Azurite that dies and comes back has lost what it acknowledged in its last
/// seconds: send-log rows (the loop sends those mails again: it decides from the rows that exist), and the Durable
/// engine's own messages and history, which can leave the year's orchestration waiting for an activity result that no
/// longer exists, for ever (a restarted host would leave a "running" instance alone too), or its whole task hub. So
/// this looks at both stores every second. When the app's storage answers again after it could not be reached, or a
/// table of ours has vanished, it makes the tables, container and directory exist again
/// (<see cref="StorageBootstrap.PrepareAgainAsync"/>); when the engine's store answers again after an outage, or its
/// task hub has vanished, it restarts the Durable engine in this process (<see cref="DurableSidecar.RestartAsync"/>,
/// which makes the task hub again); after either it restarts the year's loop from storage (all its state lives
/// there; a mail claimed by the old instance is settled by its send-log row).
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

    /// <summary>
    /// Looks in a row that must find storage unreachable before it counts as an outage: on a busy machine one look can
    /// time out while storage is fine, and a restart of the engine and the loop for that would be for nothing. A table
    /// that has vanished counts at once.
    /// </summary>
    private const int UnreachableLooks = 3;

    /// <summary>The actor the audit log shows for the restart.</summary>
    public const string Actor = "den lokale vært (lageret var væk)";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var looks = new StorageLooks(UnreachableLooks);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(ProbeInterval, stoppingToken);
                var look = looks.Next(await ProbeAppAsync(stoppingToken), await sidecar.ProbeAsync(stoppingToken));
                if (look.TellOutage)
                {
                    logger.LogWarning("Lageret kan ikke nås; årshjulet genstartes fra lageret, når det svarer igen");
                }

                if (look.Recover)
                {
                    await RecoverAsync(look.AppLost, look.EngineLost, stoppingToken);
                    looks.Recovered();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Never let the watch take the host down: whatever failed (storage, the engine, the restart) is tried
                // again at the next look, what was lost still marked.
                logger.LogWarning("Årshjulet kunne ikke genstartes efter lagerudfaldet; prøver igen: {Message}", e.Message);
            }
        }
    }

    /// <summary>One cheap read of our cycle table: true when it answers, false when the table is gone, null when unreachable.</summary>
    private async Task<bool?> ProbeAppAsync(CancellationToken ct)
    {
        try
        {
            // Not through StorageClients.Guard, which would make a vanished table again and say nothing.
            return await DurableSidecar.TableAnswersAsync(storage.Table("Cycles"), ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Unreachable, however the SDK says it (an AggregateException after its retries, a dropped connection).
            return null;
        }
    }

    private async Task RecoverAsync(bool appLost, bool engineLost, CancellationToken ct)
    {
        if (appLost)
        {
            await bootstrap.PrepareAgainAsync(ct);
        }

        if (engineLost)
        {
            await sidecar.RestartAsync(ct);
        }

        var year = starter.YearToPlan();
        var result = await instances.RestartAsync(client, year, Actor, ct);
        if (!result.Done)
        {
            throw new TimeoutException(result.Message);
        }

        logger.LogWarning("Lageret svarer igen; årshjulet for {Year} er genstartet fra lageret. {Message}", year, result.Message);
    }
}

/// <summary>What one look at storage decided (<see cref="StorageLooks.Next"/>).</summary>
internal readonly record struct StorageLook(bool Recover, bool AppLost, bool EngineLost, bool TellOutage);

/// <summary>
/// The watch's rule, apart from its probes: a look finds each store answering (true), without its table or task hub
/// (false) or unreachable (null). A vanished table or task hub counts as lost at once; unreachable counts only after
/// <c>unreachableLooks</c> looks in a row (one look that timed out on a busy machine is not an outage). Once both stores
/// answer, what was lost is recovered, and it stays marked until <see cref="Recovered"/> (a failed recovery is tried
/// again at the next look). Looks before storage first answered do not count: the host's own start made everything.
/// </summary>
internal sealed class StorageLooks(int unreachableLooks)
{
    private bool _everUp;
    private bool _appLost;
    private bool _engineLost;
    private bool _told;
    private int _unreachable;

    public StorageLook Next(bool? app, bool? engine)
    {
        if (!_everUp)
        {
            _everUp = app is not null && engine is not null;
            return default;
        }

        _unreachable = app is null || engine is null ? _unreachable + 1 : 0;
        var outage = _unreachable >= unreachableLooks;
        _appLost |= app is false || (app is null && outage);
        _engineLost |= engine is false || (engine is null && outage);
        if (app is null || engine is null)
        {
            var tell = outage && !_told;
            _told |= tell;
            return new StorageLook(false, _appLost, _engineLost, tell);
        }

        return new StorageLook(_appLost || _engineLost, _appLost, _engineLost, false);
    }

    /// <summary>The recovery the last look asked for is done.</summary>
    public void Recovered() => (_appLost, _engineLost, _told) = (false, false, false);
}
