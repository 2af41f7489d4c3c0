namespace Fremdrift.Shared.Cycle;

/// <summary>
/// How fast the clock the cycle decides on runs against real time: 1 in production; the demo's accelerated clock
/// runs faster; 0 means the clock moves only when someone moves it (a test's fake clock), so the loop waits for a
/// signal instead of a timer. The orchestrator scales its durable timers by it.
/// </summary>
public sealed record CycleClockRate(double Speed)
{
    public static readonly CycleClockRate RealTime = new(1);

    public static readonly CycleClockRate Manual = new(0);
}

/// <summary>
/// What one turn of the loop decides on, read by one activity: the stored state and the clock's reading at that
/// moment. Taking the time from the activity (not from the orchestration's own clock) lets the local host run the
/// loop on an accelerated or fake clock, and the reading is in the history, so a replayed turn decides the same.
/// </summary>
public sealed record CycleTurn(CycleSnapshot Snapshot, DateTimeOffset Now, double ClockSpeed);

/// <summary>What a cycle action did, for the turn's report and the orchestration's history.</summary>
public sealed record CycleActionReport(CycleActionMessage Action, Domain.SendStatus? MailStatus, string Detail)
{
    public static CycleActionReport From(CycleActionOutcome outcome) =>
        new(CycleActionMessage.From(outcome.Action), outcome.MailStatus, outcome.Detail);

    public CycleActionOutcome ToOutcome() => new(Action.ToAction(), MailStatus, Detail);
}

/// <summary>One turn that ran actions: the state it decided on, and what each action did.</summary>
public sealed record CycleTurnReport(int Year, DateTimeOffset At, CycleSnapshot Before, IReadOnlyList<CycleActionReport> Actions);

/// <summary>
/// The loop's custom status: which turn, whether it is waiting (and until when, on the cycle's clock), and a Danish
/// line for the instance page. A host can tell from it that the loop is idle after a given turn.
/// </summary>
public sealed record CycleLoopStatus(long Turn, bool Waiting, DateTimeOffset? WakeAt, bool Finished, string Text);
