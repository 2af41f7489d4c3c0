using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Monitoring;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Fremdrift.Shared.Cycle;

/// <summary>
/// The year's cycle as a Durable monitor loop; the Functions app runs it in Azure and the local host and the tests
/// run it on the same Durable Task engine in-process. One turn: load the state and the clock (activity) → decide
/// (<see cref="CycleDecider"/>, pure) → run the actions as activities (mails to single jobcentres side by side, the
/// rest in order) → wait for the earlier of the decider's wake-up time and a signal (a submit or a secretariat
/// command) → ContinueAsNew, so the history stays one turn long. No I/O, clock or randomness of its own: the time
/// comes from the load activity's result, which is in the history, so a replayed turn decides the same.
/// </summary>
public static class FollowUpCycleLoop
{
    public const string OrchestratorName = "FollowUpCycleOrchestrator";
    public const string LoadTurnActivity = "LoadCycleTurn";
    public const string RunActionActivity = "RunCycleAction";
    public const string ReportTurnActivity = "ReportCycleTurn";

    /// <summary>The external event that wakes the loop (see <see cref="CycleInstances.SignalAsync"/>).</summary>
    public const string SignalEvent = "CycleSignal";

    /// <summary>
    /// The longest single wait in real time. The decider may wake months ahead (a planned cycle in summer).
    /// durabletask-dotnet splits any timer longer than DurableTaskWorkerOptions.MaximumTimerInterval (3 days by
    /// default, because the Azure Storage backend's scheduled queue messages cannot exceed 7 days) into several
    /// timers itself; waiting at most that long keeps every turn's history to one timer, so a later change of that
    /// setting cannot break a waiting instance on replay, and a deployed fix of the decider takes effect within 3 days.
    /// </summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromDays(3);

    /// <summary>How long (on the cycle's clock) the loop waits, unless signalled, when the same actions keep being decided without effect.</summary>
    public static readonly TimeSpan RepeatBackOff = TimeSpan.FromMinutes(15);

    /// <summary>The shortest real wait of a back-off, so an accelerated or manual clock never makes the loop spin.</summary>
    public static readonly TimeSpan ShortestBackOff = TimeSpan.FromSeconds(2);

    // Only failures marked transient (storage throttled or out, a dropped connection, a restart mid-activity) are
    // retried; mails have their own send-once guard, so a retried activity never mails twice. Anything else (a bug, an
    // invalid action) would fail the same way again, so it runs once and the turn goes on without it (RunActionsAsync).
    private static TaskOptions ActivityRetry(double clockSpeed) => TaskOptions.FromRetryPolicy(
        new RetryPolicy(
            maxNumberOfAttempts: 5,
            firstRetryInterval: clockSpeed == 1 ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(1),
            backoffCoefficient: 2,
            maxRetryInterval: clockSpeed == 1 ? TimeSpan.FromMinutes(5) : TimeSpan.FromSeconds(5))
        {
            HandleFailure = IsTransient,
        });

    /// <summary>The retry policy's test: was the activity's failure marked <see cref="TransientFailureException"/>?</summary>
    public static bool IsTransient(TaskFailureDetails failure) => failure?.IsCausedBy<TransientFailureException>() == true;

    public static async Task RunAsync(TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<CycleLoopInput>() ?? throw new InvalidOperationException("The cycle orchestration needs its year as input.");
        var year = input.Year;
        var logger = context.CreateReplaySafeLogger(typeof(FollowUpCycleLoop).FullName!);
        CycleTurn turn;
        try
        {
            turn = await context.CallActivityAsync<CycleTurn>(LoadTurnActivity, year, ActivityRetry(input.ClockSpeed));
        }
        catch (TaskFailedException e)
        {
            // Storage out for longer than the retries: never end the loop for it (it would stay down until the next
            // timer run); try again after the back-off.
            logger.LogWarning("The {Year} cycle could not load its state ({Error}); trying again after the back-off", year, e.FailureDetails.ErrorMessage);
            context.SetCustomStatus(new CycleLoopStatus(input.Turn, Waiting: false, null, Finished: false, "Kunne ikke læse lageret; prøver igen om lidt."));
            await WaitForTimerOrSignalAsync(context, context.CurrentUtcDateTime + BackOff(input.ClockSpeed), year, logger);
            context.ContinueAsNew(input.AfterWaiting());
            return;
        }

        input = input with { ClockSpeed = turn.ClockSpeed };
        var now = turn.Now;
        var decision = CycleDecider.Decide(turn.Snapshot, now);
        if (decision.Finished)
        {
            var text = turn.Snapshot.Cycle is null ? "Ingen opfølgning oprettet for året." : "Færdig: lukket, bilaget dannet og mails sendt.";
            context.SetCustomStatus(new CycleLoopStatus(input.Turn, Waiting: false, null, Finished: true, text));
            logger.LogInformation(AlertEvents.CycleFinished, "The {Year} cycle needs nothing more; the orchestration ends", year);
            return;
        }

        if (decision.Actions.Count > 0)
        {
            var messages = decision.Actions.Select(CycleActionMessage.From).ToList();
            context.SetCustomStatus(new CycleLoopStatus(input.Turn, Waiting: false, null, Finished: false, $"Kører {messages.Count} handlinger."));
            var reports = await RunActionsAsync(context, messages, input.ClockSpeed, logger);
            var failed = messages.Count - reports.Count;
            logger.LogInformation("The {Year} cycle ran {Count} actions ({Failed} failed); deciding again", year, messages.Count, failed);
            if (reports.Count > 0)
            {
                await ReportAsync(context, new CycleTurnReport(year, now, turn.Snapshot, reports), logger);
            }

            var next = input.AfterRunning(decision.Actions);
            if (!next.ActionsKeepRepeating)
            {
                // The actions changed the state: decide again at once, on a fresh history.
                context.ContinueAsNew(next);
                return;
            }

            // Keep the count (not AfterWaiting): should the same actions come again, the loop backs off again.
            logger.LogWarning("The {Year} cycle decided the same {Count} actions {Turns} turns in a row without effect; backing off before deciding again: {Actions}",
                year, messages.Count, next.Repeats + 1, next.LastActions);
            context.SetCustomStatus(new CycleLoopStatus(input.Turn, Waiting: true, now + RepeatBackOff, Finished: false, "De samme handlinger gentog sig uden virkning; venter lidt og prøver igen."));
            await WaitForTimerOrSignalAsync(context, context.CurrentUtcDateTime + BackOff(input.ClockSpeed), year, logger);
            context.ContinueAsNew(next);
            return;
        }

        var realWait = RealWait(decision.WakeAt is { } w ? w - now : null, input.ClockSpeed);
        var waitText = decision.WakeAt is { } at ? $"Venter til {DanishDates.DateAndTime(at)} eller et signal." : "Venter på et signal.";
        context.SetCustomStatus(new CycleLoopStatus(input.Turn, Waiting: true, decision.WakeAt, Finished: false, waitText));
        await WaitForTimerOrSignalAsync(context, context.CurrentUtcDateTime + realWait, year, logger);

        // Signals that arrive during the next turn stay queued for it (preserveUnprocessedEvents).
        context.ContinueAsNew(input.AfterWaiting(), preserveUnprocessedEvents: true);
    }

    /// <summary>
    /// The real time to wait for a span on the cycle's clock: the span itself at speed 1, shorter on an accelerated
    /// clock, at most <see cref="LongestWait"/>; with a manual clock (speed 0) only a signal ends the wait.
    /// </summary>
    public static TimeSpan RealWait(TimeSpan? onCycleClock, double clockSpeed)
    {
        if (onCycleClock is not { } span || clockSpeed <= 0)
        {
            return LongestWait;
        }

        var real = span <= TimeSpan.Zero ? TimeSpan.Zero : span / clockSpeed;
        return real > LongestWait ? LongestWait : real;
    }

    private static TimeSpan BackOff(double clockSpeed)
    {
        var real = clockSpeed > 0 ? RepeatBackOff / clockSpeed : ShortestBackOff;
        return real < ShortestBackOff ? ShortestBackOff : real;
    }

    /// <summary>
    /// Runs the actions: those that mail one jobcentre side by side, the rest (open, close, bilag) in order. A failed
    /// action is logged and left out of the reports, not thrown: the next turn decides again from storage, so it is
    /// tried again (and the repeat guard stops a hot loop should it keep failing), while the others' work stands.
    /// </summary>
    private static async Task<List<CycleActionReport>> RunActionsAsync(TaskOrchestrationContext context, IReadOnlyList<CycleActionMessage> messages, double clockSpeed, ILogger logger)
    {
        var reports = new List<CycleActionReport>();
        var retry = ActivityRetry(clockSpeed);
        foreach (var message in messages.Where(m => !m.IsPerJobcentreMail))
        {
            try
            {
                reports.Add(await context.CallActivityAsync<CycleActionReport>(RunActionActivity, message, retry));
            }
            catch (TaskFailedException e)
            {
                logger.LogWarning("Cycle action {Kind} for {Year} failed: {Error}", message.Kind, message.Year, e.FailureDetails.ErrorMessage);
            }
        }

        var mails = messages.Where(m => m.IsPerJobcentreMail)
            .Select(m => (Message: m, Task: context.CallActivityAsync<CycleActionReport>(RunActionActivity, m, retry)))
            .ToList();
        try
        {
            await Task.WhenAll(mails.Select(m => m.Task));
        }
        catch (TaskFailedException)
        {
            // Counted below, one by one; WhenAll rethrows only the first.
        }

        foreach (var (message, task) in mails)
        {
            if (task.IsCompletedSuccessfully)
            {
                reports.Add(task.Result);
                continue;
            }

            var error = task.Exception?.InnerException is TaskFailedException e ? e.FailureDetails.ErrorMessage : task.Exception?.Message;
            logger.LogWarning("Cycle action {Kind} for {Year} and jobcentre {Jobcentre} failed: {Error}", message.Kind, message.Year, message.MunicipalityCode, error);
        }

        return reports;
    }

    private static async Task ReportAsync(TaskOrchestrationContext context, CycleTurnReport report, ILogger logger)
    {
        try
        {
            await context.CallActivityAsync(ReportTurnActivity, report);
        }
        catch (TaskFailedException e)
        {
            // A summary that could not be written is not worth a retry or a failed turn.
            logger.LogWarning("The {Year} cycle's turn summary failed: {Error}", report.Year, e.FailureDetails.ErrorMessage);
        }
    }

    private static async Task WaitForTimerOrSignalAsync(TaskOrchestrationContext context, DateTime wakeAt, int year, ILogger logger)
    {
        logger.LogInformation(AlertEvents.CycleWaiting, "The {Year} cycle waits until {PlannedWakeUp}", year, wakeAt.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
        using var cancelTimer = new CancellationTokenSource();
        var timer = context.CreateTimer(wakeAt, cancelTimer.Token);
        var signal = context.WaitForExternalEvent<CycleSignal>(SignalEvent);
        if (await Task.WhenAny(timer, signal) == signal)
        {
            // Cancel the pending timer so the orchestration does not wait for it before continuing. Synchronously:
            // an orchestrator may await only Durable tasks, and CancelAsync would hop to the thread pool.
#pragma warning disable CA1849 // Call async methods when in an async method
            cancelTimer.Cancel();
#pragma warning restore CA1849
            logger.LogInformation("The {Year} cycle woke on {Kind}", year, signal.Result.Kind);
        }
    }
}
