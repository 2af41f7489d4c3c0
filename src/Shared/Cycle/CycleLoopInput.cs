namespace Fremdrift.Shared.Cycle;

/// <summary>
/// What the Durable monitor loop carries from one turn to the next (its input across ContinueAsNew): the year and
/// the actions the previous turn ran. A turn that ran actions normally decides again at once on the new state; if
/// the decider keeps choosing the very same actions, they are not taking effect (a bug, or a service that keeps
/// accepting and ignoring them), and deciding again at once would loop hot, each turn costing activities and
/// storage. <see cref="ActionsKeepRepeating"/> tells the loop to back off instead, as the local loop does.
/// </summary>
public sealed record CycleLoopInput(int Year, string? LastActions = null, int Repeats = 0)
{
    /// <summary>How many turns in a row with the same actions count as "not taking effect" (the third identical turn).</summary>
    public const int RepeatsBeforeBackOff = 2;

    /// <summary>The input for the turn after one that ran <paramref name="actions"/>.</summary>
    public CycleLoopInput AfterRunning(IEnumerable<CycleAction> actions)
    {
        var key = string.Join('|', actions);
        return key.Length == 0
            ? new CycleLoopInput(Year)
            : new CycleLoopInput(Year, key, key == LastActions ? Repeats + 1 : 0);
    }

    /// <summary>The input for the turn after one that only waited (for its timer or a signal).</summary>
    public CycleLoopInput AfterWaiting() => new(Year);

    /// <summary>The same non-empty set of actions ran in this many consecutive turns: wait before deciding again.</summary>
    public bool ActionsKeepRepeating => LastActions is not null && Repeats >= RepeatsBeforeBackOff;
}
