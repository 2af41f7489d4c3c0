namespace Fremdrift.Shared.Cycle;

/// <summary>
/// Something the decider wants done now. Each action is idempotent (keyed by year, jobcentre and step), so
/// running it twice (a retried activity, a restarted host) does no harm.
/// </summary>
public abstract record CycleAction(int Year)
{
    /// <summary>Planned → Open (ETag-guarded).</summary>
    public sealed record OpenCycle(int Year) : CycleAction(Year);

    public sealed record SendInvitation(int Year, int MunicipalityCode) : CycleAction(Year);

    public sealed record SendReminder(int Year, int MunicipalityCode, int Round) : CycleAction(Year);

    /// <summary>Open → Closed; <see cref="Reason"/> is Danish and shown to the secretariat.</summary>
    public sealed record CloseCycle(int Year, string Reason) : CycleAction(Year);

    public sealed record BuildFinalBilag(int Year) : CycleAction(Year);

    public sealed record NotifySecretariat(int Year) : CycleAction(Year);

    public sealed record SendMunicipalityForm(int Year, int MunicipalityCode) : CycleAction(Year);

    /// <summary>The chief's receipt of one submit (step "receipt-{submission id}"), what was sent and the link to change it.</summary>
    public sealed record SendReceipt(int Year, int MunicipalityCode, string SubmissionId) : CycleAction(Year);
}

/// <summary>What to do now, when to look again (null: only on a signal), and whether the cycle needs nothing more.</summary>
public sealed record CycleDecision(IReadOnlyList<CycleAction> Actions, DateTimeOffset? WakeAt, bool Finished);

/// <summary>Danish reasons the decider gives when it closes a cycle.</summary>
public static class CloseReasons
{
    public const string Deadline = "Svarfristen er nået.";
    public const string AllSubmitted = "Alle jobcentre har indsendt.";
    public const string Secretariat = "Lukket af sekretariatet.";
}
