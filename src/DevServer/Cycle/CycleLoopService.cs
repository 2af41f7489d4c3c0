using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Storage;

namespace Fremdrift.DevServer.Cycle;

/// <summary>
/// The local host's cycle: the same load → decide → run as the Durable orchestrator, waiting for the earlier of
/// the decider's wake-up time (on the injected <see cref="TimeProvider"/>, which may be accelerated or fake) and
/// an in-process signal. It also does the timer trigger's job of creating the year's cycle. All state is in
/// storage, so a restarted host carries on where the last one stopped; a storage outage is logged and retried,
/// never fatal.
/// </summary>
public sealed class CycleLoopService(
    CycleStarter starter,
    CycleRepository cycles,
    CycleStateLoader loader,
    CycleActionRunner runner,
    InProcessCycleSignals signals,
    TimeProvider time,
    CycleLoopMonitor monitor,
    CycleProgress progress,
    ILogger<CycleLoopService> logger) : BackgroundService
{
    /// <summary>Real time between attempts while storage (or an action) keeps failing.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    // Task.Delay with a TimeProvider takes at most ~49 days; the loop just decides again after this.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(20);

    private readonly HashSet<int> _finished = [];
    private readonly HashSet<int> _ensured = [];
    // The same repeat guard as the Durable loop's input; its year is unused here (one loop serves every year).
    private CycleLoopInput _repeatGuard = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            monitor.TurnStarted();
            DateTimeOffset? wakeAt;
            try
            {
                var turn = await TurnAsync(stoppingToken);
                if (turn.RanActions)
                {
                    // The actions changed the state: decide again at once on the new state.
                    continue;
                }

                wakeAt = turn.WakeAt;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (StorageUnavailableException e)
            {
                monitor.Failed(e.Message);
                logger.LogWarning("Årshjulet kan ikke nå lageret og prøver igen om {Seconds} sekunder: {Message}", RetryDelay.TotalSeconds, e.Message);
                await DelayRealAsync(stoppingToken);
                continue;
            }
            catch (Exception e)
            {
                monitor.Failed(e.Message);
                logger.LogError(e, "Årshjulet fejlede i en runde og prøver igen om {Seconds} sekunder", RetryDelay.TotalSeconds);
                await DelayRealAsync(stoppingToken);
                continue;
            }

            await WaitAsync(wakeAt, stoppingToken);
        }
    }

    private sealed record TurnResult(bool RanActions, DateTimeOffset? WakeAt);

    private async Task<TurnResult> TurnAsync(CancellationToken ct)
    {
        var year = starter.YearToPlan();
        if (!_ensured.Contains(year))
        {
            await starter.EnsureCycleAsync(year, CycleActionRunner.AutomaticActor, ct);
            _ensured.Add(year);
        }

        DateTimeOffset? wakeAt = null;
        var ran = new List<CycleAction>();
        foreach (var cycle in await cycles.ListAsync(ct))
        {
            if (_finished.Contains(cycle.Year))
            {
                continue;
            }

            var snapshot = await loader.LoadAsync(cycle.Year, ct);
            var now = time.GetUtcNow();
            var decision = CycleDecider.Decide(snapshot, now);
            if (decision.Finished)
            {
                _finished.Add(cycle.Year);
                monitor.CycleFinished(cycle.Year);
                logger.LogInformation("The {Year} cycle needs nothing more", cycle.Year);
                continue;
            }

            var outcomes = new List<CycleActionOutcome>();
            foreach (var action in decision.Actions)
            {
                outcomes.Add(await runner.RunAsync(action, ct));
                ran.Add(action);
            }

            if (outcomes.Count > 0)
            {
                progress.Turn(now, snapshot, outcomes);
            }

            if (decision.WakeAt is { } w && (wakeAt is null || w < wakeAt))
            {
                wakeAt = w;
            }
        }

        // The same actions decided again and again means they do not take effect (a bug, or a service that
        // keeps refusing): stop hammering and treat it as a failure, retried after the real delay.
        _repeatGuard = _repeatGuard.AfterRunning(ran);
        if (_repeatGuard.ActionsKeepRepeating)
        {
            var repeated = _repeatGuard.LastActions;
            _repeatGuard = _repeatGuard with { Repeats = 0 };
            throw new InvalidOperationException($"De samme handlinger blev besluttet tre gange i træk uden virkning: {repeated}");
        }

        return new TurnResult(ran.Count > 0, wakeAt);
    }

    private async Task WaitAsync(DateTimeOffset? wakeAt, CancellationToken stoppingToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var signal = signals.Reader.WaitToReadAsync(cts.Token).AsTask();
        var timer = wakeAt is { } at
            ? Task.Delay(Clamp(at - time.GetUtcNow()), time, cts.Token)
            : Task.Delay(Timeout.InfiniteTimeSpan, cts.Token);
        monitor.Waiting(wakeAt);
        try
        {
            await Task.WhenAny(signal, timer);
        }
        finally
        {
            // Cancel the loser so no timer or reader outlives the wait.
            await cts.CancelAsync();
        }

        while (signals.Reader.TryRead(out var s))
        {
            // A signal may concern a cycle that looked finished (e.g. a contact fixed after closing).
            _finished.Remove(s.Year);
            logger.LogDebug("Cycle signal {Kind} for {Year} from {Jobcentre}", s.Kind, s.Year, s.MunicipalityCode);
        }
    }

    private static TimeSpan Clamp(TimeSpan wait) =>
        wait <= TimeSpan.Zero ? TimeSpan.Zero : wait > LongestWait ? LongestWait : wait;

    private static async Task DelayRealAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(RetryDelay, TimeProvider.System, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
