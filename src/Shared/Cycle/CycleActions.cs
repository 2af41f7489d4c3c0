using Fremdrift.Shared.Domain;

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

    /// <summary>A reminder: an automatic round (1, 2, 3…) or the secretariat's manual one (from <see cref="MailSteps.ManualRoundBase"/> + 1).</summary>
    public sealed record SendReminder(int Year, int MunicipalityCode, int Round) : CycleAction(Year);

    /// <summary>"Svarfristen er flyttet", notice number <see cref="Notice"/> (step <see cref="MailSteps.DeadlineMoved"/>).</summary>
    public sealed record SendDeadlineNotice(int Year, int MunicipalityCode, int Notice) : CycleAction(Year);

    /// <summary>"Opfølgningen er åbnet igen", after reopening number <see cref="Reopening"/> (step <see cref="MailSteps.Reopened"/>).</summary>
    public sealed record SendReopenNotice(int Year, int MunicipalityCode, int Reopening) : CycleAction(Year);

    /// <summary>Open → Closed, for <see cref="Reason"/>.</summary>
    public sealed record CloseCycle(int Year, CloseReason Reason) : CycleAction(Year);

    public sealed record BuildFinalBilag(int Year) : CycleAction(Year);

    public sealed record NotifySecretariat(int Year) : CycleAction(Year);

    public sealed record SendMunicipalityForm(int Year, int MunicipalityCode) : CycleAction(Year);

    /// <summary>The chief's receipt of one submit (step "receipt-{submission id}"), what was sent and the link to change it.</summary>
    public sealed record SendReceipt(int Year, int MunicipalityCode, string SubmissionId) : CycleAction(Year);
}

/// <summary>What to do now, when to look again (null: only on a signal), and whether the cycle needs nothing more.</summary>
internal sealed record CycleDecision(IReadOnlyList<CycleAction> Actions, DateTimeOffset? WakeAt, bool Finished);

/// <summary>
/// Where a jobcentre stands with its next mail, as the decider sees it: typed, so the secretariat's page words it
/// (<c>NextMailText</c> in Secretariat) and tests compare values, not sentences.
/// </summary>
internal abstract record NextMail
{
    public sealed record NoCycle : NextMail;

    public sealed record WaitsForOpening(DateTimeOffset OpensAt) : NextMail;

    public sealed record ClosedWithAnswer : NextMail;

    public sealed record ClosedWithoutAnswer : NextMail;

    public sealed record Inactive : NextMail;

    public sealed record Submitted : NextMail;

    public sealed record NoAddress : NextMail;

    public sealed record Bounced : NextMail;

    public sealed record InvitationNow : NextMail;

    public sealed record InvitationRetry(DateTimeOffset? At) : NextMail;

    public sealed record InvitationFailed : NextMail;

    public sealed record ReopenNoticeNow : NextMail;

    public sealed record DeadlineNoticeNow : NextMail;

    public sealed record ManualReminderNow(int Number) : NextMail;

    /// <summary>The manual reminder waits for the minimum gap since the last mail (the secretariat may override).</summary>
    public sealed record ManualReminderWaits(int Number, DateTimeOffset Until, TimeSpan Gap) : NextMail;

    public sealed record MaxReminders(int Max) : NextMail;

    public sealed record NoReminderDueYet(DateTimeOffset? Next) : NextMail;

    public sealed record ReminderNow(int Round) : NextMail;

    public sealed record ReminderRetryNow(int Round) : NextMail;

    public sealed record ReminderRetry(int Round, DateTimeOffset? At) : NextMail;

    public sealed record ReminderHad(int Round, DateTimeOffset? Next) : NextMail;

    public sealed record LaterRoundHad(DateTimeOffset? Next) : NextMail;

    public sealed record ReminderWaitsForGap(int Round, DateTimeOffset Until, TimeSpan Gap) : NextMail;

    public sealed record ReminderTooLate(int Round, TimeSpan Gap) : NextMail;

    /// <summary>A mail is being sent (claimed); if its sender died, it is settled or sent again from <see cref="SettledFrom"/>.</summary>
    public sealed record InFlight(string Step, DateTimeOffset SettledFrom) : NextMail;
}
