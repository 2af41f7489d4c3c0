using Fremdrift.Shared.Cycle;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Fremdrift.Functions.Cycle;

/// <summary>
/// The year's cycle as a Durable monitor loop, the Azure twin of the local host's CycleLoopService. One turn:
/// load the state (activity) → decide with the replay-safe clock (<see cref="CycleDecider"/>, pure) → run the
/// actions as activities (mails to single jobcentres side by side, the rest in order) → wait for the earlier of
/// the decider's wake-up time and a signal (a submit or a secretariat command) → ContinueAsNew, so the history
/// stays one turn long. No I/O, no clock and no randomness of its own: replay gives the same turn.
/// </summary>
public sealed class FollowUpOrchestration(CycleStateLoader loader, CycleActionRunner runner)
{
    /// <summary>The external event that wakes the loop (see <see cref="DurableCycleSignals"/>).</summary>
    public const string SignalEvent = "CycleSignal";

    /// <summary>
    /// The longest single wait. The decider may wake months ahead (a planned cycle in summer). durabletask-dotnet
    /// splits any timer longer than DurableTaskWorkerOptions.MaximumTimerInterval (3 days by default, because the
    /// Azure Storage backend's scheduled queue messages cannot exceed 7 days) into several timers itself; waiting at
    /// most that long keeps every turn's history to one timer, so a later change of that setting cannot break a
    /// waiting instance on replay, and a deployed fix of the decider takes effect within 3 days.
    /// </summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromDays(3);

    /// <summary>How long the loop waits (unless signalled) when the same actions keep being decided without effect.</summary>
    public static readonly TimeSpan RepeatBackOff = TimeSpan.FromMinutes(15);

    // Transient faults (storage throttling or outage, a restart mid-activity) are retried by Durable; mails have their
    // own send-once guard, so a retried activity never mails twice. An invalid action or a missing service fails the
    // same way every time, so it is not retried (the turn goes on without it; see RunActionsAsync).
    private static readonly TaskOptions ActivityRetry = TaskOptions.FromRetryPolicy(
        new RetryPolicy(maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(10), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(5))
        {
            HandleFailure = failure => !failure.IsCausedBy<ArgumentException>() && !failure.IsCausedBy<InvalidOperationException>(),
        });

    [Function(nameof(FollowUpCycleOrchestrator))]
    public static async Task FollowUpCycleOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var input = context.GetInput<CycleLoopInput>() ?? throw new InvalidOperationException("The cycle orchestration needs its year as input.");
        var year = input.Year;
        var logger = context.CreateReplaySafeLogger(nameof(FollowUpOrchestration));
        CycleSnapshot snapshot;
        try
        {
            snapshot = await context.CallActivityAsync<CycleSnapshot>(nameof(LoadCycleSnapshot), year, ActivityRetry);
        }
        catch (TaskFailedException e)
        {
            // Storage out for longer than the retries: never end the loop for it (it would stay down until the next
            // timer run); try again after the back-off, as the local loop does.
            logger.LogWarning("The {Year} cycle could not load its state ({Error}); trying again in {BackOff}", year, e.FailureDetails.ErrorMessage, RepeatBackOff);
            context.SetCustomStatus("Kunne ikke læse lageret; prøver igen om lidt.");
            await WaitForTimerOrSignalAsync(context, context.CurrentUtcDateTime + RepeatBackOff, year, logger);
            context.ContinueAsNew(input);
            return;
        }

        var now = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var decision = CycleDecider.Decide(snapshot, now);
        if (decision.Finished)
        {
            context.SetCustomStatus(snapshot.Cycle is null ? "Ingen opfølgning oprettet for året." : "Færdig: lukket, bilaget dannet og mails sendt.");
            logger.LogInformation("The {Year} cycle needs nothing more; the orchestration ends", year);
            return;
        }

        if (decision.Actions.Count > 0)
        {
            var messages = decision.Actions.Select(CycleActionMessage.From).ToList();
            var failed = await RunActionsAsync(context, messages, logger);
            logger.LogInformation("The {Year} cycle ran {Count} actions ({Failed} failed); deciding again", year, messages.Count, failed);

            var next = input.AfterRunning(decision.Actions);
            if (!next.ActionsKeepRepeating)
            {
                // The actions changed the state: decide again at once, on a fresh history.
                context.SetCustomStatus(failed == 0 ? $"Kørte {messages.Count} handlinger; beslutter igen." : $"Kørte {messages.Count} handlinger, {failed} fejlede; beslutter igen.");
                context.ContinueAsNew(next);
                return;
            }

            // Keep the count (not AfterWaiting): should the same actions come again, the loop backs off again.
            logger.LogWarning("The {Year} cycle decided the same {Count} actions {Turns} turns in a row without effect; waiting {BackOff} before deciding again: {Actions}",
                year, messages.Count, next.Repeats + 1, RepeatBackOff, next.LastActions);
            await WaitForTimerOrSignalAsync(context, context.CurrentUtcDateTime + RepeatBackOff, year, logger);
            context.ContinueAsNew(next);
            return;
        }

        var wakeAt = decision.WakeAt is { } w && w - now < LongestWait ? w.UtcDateTime : context.CurrentUtcDateTime + LongestWait;
        context.SetCustomStatus($"Venter til {CopenhagenTime.LongText(new DateTimeOffset(wakeAt, TimeSpan.Zero))} eller et signal.");
        await WaitForTimerOrSignalAsync(context, wakeAt, year, logger);

        // Signals that arrive during the next turn stay queued for it (preserveUnprocessedEvents).
        context.ContinueAsNew(input.AfterWaiting(), preserveUnprocessedEvents: true);
    }

    [Function(nameof(LoadCycleSnapshot))]
    public Task<CycleSnapshot> LoadCycleSnapshot([ActivityTrigger] int year, FunctionContext context) =>
        loader.LoadAsync(year, context.CancellationToken);

    /// <summary>Runs one action; each is idempotent (keyed by year, jobcentre and step), so a retry does no harm.</summary>
    [Function(nameof(RunCycleAction))]
    public async Task<string> RunCycleAction([ActivityTrigger] CycleActionMessage message, FunctionContext context) =>
        (await runner.RunAsync(message.ToAction(), context.CancellationToken)).Detail;

    /// <summary>
    /// Runs the actions: those that mail one jobcentre side by side, the rest (open, close, bilag) in order. A failed
    /// action is logged and counted, not thrown: the next turn decides again from storage, so it is tried again
    /// (and the repeat guard stops a hot loop should it keep failing), while the others' work stands.
    /// </summary>
    private static async Task<int> RunActionsAsync(TaskOrchestrationContext context, IReadOnlyList<CycleActionMessage> messages, ILogger logger)
    {
        var failed = 0;
        foreach (var message in messages.Where(m => !m.IsPerJobcentreMail))
        {
            try
            {
                await context.CallActivityAsync(nameof(RunCycleAction), message, ActivityRetry);
            }
            catch (TaskFailedException e)
            {
                failed++;
                logger.LogWarning("Cycle action {Kind} for {Year} failed: {Error}", message.Kind, message.Year, e.FailureDetails.ErrorMessage);
            }
        }

        var mails = messages.Where(m => m.IsPerJobcentreMail)
            .Select(m => (Message: m, Task: context.CallActivityAsync(nameof(RunCycleAction), m, ActivityRetry)))
            .ToList();
        try
        {
            await Task.WhenAll(mails.Select(m => m.Task));
        }
        catch (TaskFailedException)
        {
            // Counted below, one by one; WhenAll rethrows only the first.
        }

        foreach (var (message, task) in mails.Where(m => m.Task.IsFaulted))
        {
            failed++;
            var error = task.Exception?.InnerException is TaskFailedException e ? e.FailureDetails.ErrorMessage : task.Exception?.Message;
            logger.LogWarning("Cycle action {Kind} for {Year} and jobcentre {Jobcentre} failed: {Error}", message.Kind, message.Year, message.MunicipalityCode, error);
        }

        return failed;
    }

    private static async Task WaitForTimerOrSignalAsync(TaskOrchestrationContext context, DateTime wakeAt, int year, ILogger logger)
    {
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
