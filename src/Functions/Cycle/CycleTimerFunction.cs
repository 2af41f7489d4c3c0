using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Readiness;
using Fremdrift.Shared.Monitoring;
using Fremdrift.Shared.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Fremdrift.Functions.Cycle;

/// <summary>
/// The daily timer (schedule from the setting Cycle__TimerSchedule): makes sure this year's cycle exists, planned
/// from the settings, and that its orchestration runs; and sends the readiness check to the secretariat when due. Running it any number of times does nothing more; it also
/// revives an orchestration that failed or was terminated.
/// </summary>
internal sealed class CycleTimerFunction(StorageBootstrap bootstrap, CycleStarter starter, ReadinessMailer readiness, ILogger<CycleTimerFunction> logger)
{
    [Function(nameof(CycleTimer))]
    public async Task CycleTimer(
        [TimerTrigger("%Cycle:TimerSchedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        // The first run after a deployment may come before the start-up bootstrap is done; this waits for it.
        await bootstrap.EnsureReadyAsync(context.CancellationToken);
        var year = starter.YearToPlan();
        var result = await starter.EnsureCycleAsync(year, CycleActionRunner.AutomaticActor, context.CancellationToken);
        if (result.Created)
        {
            logger.LogInformation("Planned the {Year} cycle: opens {OpensAt}, deadline {Deadline}", year, result.Cycle.OpensAt, result.Cycle.Deadline);
        }

        // Once a day, what the "no cycle opened" alert reads (AlertEvents).
        logger.LogInformation(AlertEvents.CycleChecked, "The {Year} cycle is {State}; opens {OpensAt}", year, result.Cycle.State, result.Cycle.OpensAt.ToString("o", System.Globalization.CultureInfo.InvariantCulture));

        await CycleInstances.EnsureRunningAsync(client, year, logger, context.CancellationToken);

        // 30 and 7 days before the next opening: the readiness check to the secretariat, once each.
        await readiness.RunFromTimerAsync(context.CancellationToken);
    }
}
