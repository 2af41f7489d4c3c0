using System.Globalization;
using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Cycle;

/// <summary>
/// Everything the decider needs to know about one year's cycle, read from storage in one go by
/// <see cref="CycleStateLoader"/>. Serializable (it is the output of the orchestrator's load activity).
/// </summary>
public sealed record CycleSnapshot(
    int Year,
    FollowUpCycle? Cycle,
    IReadOnlyList<JobcentreCycleState> Jobcentres,
    IReadOnlyList<MailRecord> SecretariatMails,
    bool PostCloseStepsAvailable,
    bool FinalBilagBuilt,
    TimeSpan RetryDeferredAfter)
{
    /// <summary>
    /// How old a "Sending" claim must be before the decider plans its step again (its sender died):
    /// <c>Mail:StaleClaimAfter</c>, set by the loop's load activity.
    /// </summary>
    public TimeSpan StaleClaimAfter { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>One jobcentre as the cycle sees it: can it be mailed, has it submitted, which mails it has had.</summary>
public sealed record JobcentreCycleState(
    int MunicipalityCode,
    string Name,
    bool Active,
    bool HasAddress,
    bool MailBlocked,
    ResponseState ResponseState,
    bool Submitted,
    IReadOnlyList<MailRecord> Mails)
{
    /// <summary>The id of the jobcentre's last submit, when it has submitted (the receipt's key).</summary>
    public string? SubmissionId { get; init; }

    public MailRecord? Mail(string step) => Mails.FirstOrDefault(m => m.Step == step);

    public bool Invited => Mail(MailSteps.Invitation)?.Status == SendStatus.Sent;

    public int RemindersSent => Mails.Count(m => MailSteps.IsReminder(m.Step) && m.Status == SendStatus.Sent);

    /// <summary>When the jobcentre was last actually mailed (any step), or null.</summary>
    public DateTimeOffset? LastMailAt => Mails.Where(m => m.Status == SendStatus.Sent).Select(m => (DateTimeOffset?)m.At).Max();
}

/// <summary>One send-log row, reduced to what the decider looks at.</summary>
public sealed record MailRecord(string Step, SendStatus Status, DateTimeOffset At, string? Reason = null);

/// <summary>
/// The send-log step names the cycle uses; (year, jobcentre, step) is a mail's idempotency key.
/// Automatic reminder rounds are 1, 2, 3…; the secretariat's "send reminders now" uses rounds from
/// <see cref="ManualRoundBase"/> + 1, so both go through the same reminder mail and neither repeats the other.
/// </summary>
public static class MailSteps
{
    public const string Invitation = "invitation";
    public const string BilagReady = "bilag-ready";
    public const string OwnForm = "own-form";
    public const int ManualRoundBase = 100;
    private const string ReminderPrefix = "reminder-";
    private const string DeadlineMovedPrefix = "deadline-moved-";
    private const string ReopenedPrefix = "reopened-";

    /// <summary>"Svarfristen er flyttet", the <paramref name="notice"/>th deadline change announced to the chiefs.</summary>
    public static string DeadlineMoved(int notice) => DeadlineMovedPrefix + notice.ToString(CultureInfo.InvariantCulture);

    /// <summary>"Opfølgningen er åbnet igen", after the <paramref name="reopening"/>th reopening.</summary>
    public static string Reopened(int reopening) => ReopenedPrefix + reopening.ToString(CultureInfo.InvariantCulture);

    /// <summary>The receipt of one submit, keyed by the form's submission id.</summary>
    public static string Receipt(string submissionId) => ReceiptPrefix + submissionId;

    public const string ReceiptPrefix = "receipt-";

    public static string Reminder(int round) => ReminderPrefix + round.ToString(CultureInfo.InvariantCulture);

    public static bool IsReminder(string step) => RoundOf(step) is not null;

    public static int? RoundOf(string step) =>
        step.StartsWith(ReminderPrefix, StringComparison.Ordinal)
        && int.TryParse(step.AsSpan(ReminderPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var round)
            ? round
            : null;

    public static bool IsManualRound(int round) => round > ManualRoundBase;

    /// <summary>How the secretariat reads a step name.</summary>
    public static string Describe(string step)
    {
        if (RoundOf(step) is { } round)
        {
            return IsManualRound(round)
                ? $"Påmindelse (sendt manuelt, nr. {round - ManualRoundBase})"
                : $"Påmindelse {round}";
        }

        return step switch
        {
            Invitation => "Invitation",
            BilagReady => "Bilag klar (til sekretariatet)",
            OwnForm => "Eget fremdriftsskema",
            _ when step.StartsWith("link-", StringComparison.Ordinal) => "Nyt link",
            _ when step.StartsWith(DeadlineMovedPrefix, StringComparison.Ordinal) => "Svarfristen er flyttet",
            _ when step.StartsWith(ReopenedPrefix, StringComparison.Ordinal) => "Opfølgningen er åbnet igen",
            _ when step.StartsWith(ReceiptPrefix, StringComparison.Ordinal) => "Kvittering for indsendt skema",
            _ when step.StartsWith("readiness-", StringComparison.Ordinal) => "Klar til året? (tjek til sekretariatet)",
            _ => step,
        };
    }
}
