namespace Fremdrift.Shared.Cycle;

/// <summary>
/// What the Durable monitor loop carries from one turn to the next (its input across ContinueAsNew): the year and
/// the actions the previous turn ran. A turn that ran actions normally decides again at once on the new state; if
/// the decider keeps choosing the very same actions, they are not taking effect (a bug, or a service that keeps
/// accepting and ignoring them), and deciding again at once would loop hot, each turn costing activities and
/// storage. <see cref="ActionsKeepRepeating"/> tells the loop to back off instead. <see cref="Turn"/> counts the
/// turns (it goes into the custom status, so a host can tell when the loop is idle after a given turn).
/// <see cref="ClockSpeed"/> is the speed of the clock the last turn read (1 unless the local host runs an
/// accelerated or manual clock); it scales the loop's back-off and retries.
/// </summary>
internal sealed record CycleLoopInput(int Year, string? LastActions = null, int Repeats = 0, long Turn = 0, double ClockSpeed = 1)
{
    /// <summary>How many turns in a row with the same actions count as "not taking effect" (the third identical turn).</summary>
    public const int RepeatsBeforeBackOff = 2;

    /// <summary>The input for the turn after one that ran <paramref name="actions"/>.</summary>
    public CycleLoopInput AfterRunning(IEnumerable<CycleAction> actions)
    {
        var key = string.Join('|', actions);
        return key.Length == 0
            ? new CycleLoopInput(Year, Turn: Turn + 1, ClockSpeed: ClockSpeed)
            : new CycleLoopInput(Year, key, key == LastActions ? Repeats + 1 : 0, Turn + 1, ClockSpeed);
    }

    /// <summary>The input for the turn after one that only waited (for its timer or a signal).</summary>
    public CycleLoopInput AfterWaiting() => new(Year, Turn: Turn + 1, ClockSpeed: ClockSpeed);

    /// <summary>The same non-empty set of actions ran in this many consecutive turns: wait before deciding again.</summary>
    public bool ActionsKeepRepeating => LastActions is not null && Repeats >= RepeatsBeforeBackOff;
}
