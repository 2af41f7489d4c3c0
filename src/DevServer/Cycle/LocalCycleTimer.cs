using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Readiness;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Fremdrift.DevServer.Cycle;

/// <summary>
/// What the Functions app's daily timer does, on the local host: at start and then once a day on the cycle's clock,
/// make sure this year's cycle exists (planned from the settings) and that its orchestration runs on the local
/// engine. Idempotent, like the timer. A storage outage is logged and tried again at the next tick. The demo plans
/// only its own year: when that cycle is done the demo is over, and no next year opens on the accelerated clock.
/// </summary>
internal sealed class LocalCycleTimer(CycleStarter starter, ReadinessMailer readiness, DurableTaskClient client, TimeProvider time, IOptions<DevServerCycleOptions> options, ILogger<LocalCycleTimer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    /// <summary>Real time between tries while storage or the engine is not ready yet.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Real time between the first tries: the engine's sidecar is often a moment from listening at the first, and the
    /// demo's clock waits for the loop's first turn, so a full retry delay here would be a second or two of every start.
    /// </summary>
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Failed tries in a row (about 9 s of real time) before the console is told.</summary>
    private const int GraceTries = 5;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var failuresInARow = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Interval;
            try
            {
                var year = starter.YearToPlan();
                await starter.EnsureCycleAsync(year, CycleActionRunner.AutomaticActor, stoppingToken);
                await CycleInstances.EnsureRunningAsync(client, year, logger, stoppingToken);
                failuresInARow = 0;
                if (options.Value.Demo)
                {
                    // The demo runs one year on a fast clock; a readiness mail for the next would only be noise.
                    return;
                }

                if (options.Value.ReadinessMail)
                {
                    await readiness.RunFromTimerAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // At start the engine's gRPC sidecar may not listen yet; only a failure that lasts is worth a warning.
                if (++failuresInARow <= GraceTries)
                {
                    logger.LogInformation("The cycle could not be started yet (try {Try}); trying again: {Message}", failuresInARow, e.Message);
                }
                else
                {
                    logger.LogWarning("Årshjulet kunne ikke startes og prøves igen om lidt: {Message}", e.Message);
                }

                await Task.Delay(failuresInARow <= 1 ? FirstRetryDelay : RetryDelay, TimeProvider.System, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }

            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
