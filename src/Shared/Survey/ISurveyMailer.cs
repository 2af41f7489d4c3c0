using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Survey;

/// <summary>
/// The survey's mails, as the cycle calls them. Each is idempotent per (year, jobcentre, step) through the send
/// log; the send-log entry says what happened (sent, skipped and why, deferred, failed).
/// </summary>
public interface ISurveyMailer
{
    /// <summary>Step "invitation": issues the jobcentre's link if it has none, and mails it.</summary>
    Task<SendLogEntry> SendInvitationAsync(int year, int municipalityCode, CancellationToken cancellationToken);

    /// <summary>Step "reminder-{round}": the same link, and what is still unanswered. Skipped if submitted.</summary>
    Task<SendLogEntry> SendReminderAsync(int year, int municipalityCode, int round, CancellationToken cancellationToken);

    /// <summary>Step "deadline-moved-{notice}": the deadline has moved; the same link. Skipped if submitted.</summary>
    Task<SendLogEntry> SendDeadlineNoticeAsync(int year, int municipalityCode, int notice, CancellationToken cancellationToken);

    /// <summary>Step "reopened-{reopening}": the closed cycle is open again with a new deadline; the same link. Skipped if submitted.</summary>
    Task<SendLogEntry> SendReopenNoticeAsync(int year, int municipalityCode, int reopening, CancellationToken cancellationToken);

    /// <summary>The secretariat's "new link": the old link stops working and the new one is mailed (step "link-{generation}").</summary>
    Task<SendLogEntry> IssueAndSendNewLinkAsync(int year, int municipalityCode, string actor, CancellationToken cancellationToken);

    /// <summary>
    /// Step "receipt-{submission id}": a copy of what the jobcentre submitted (every answer by its id, the colour in
    /// words, the remark) and the link to change it until the deadline. Skipped when a later submit has replaced it.
    /// </summary>
    Task<SendLogEntry> SendReceiptAsync(int year, int municipalityCode, string submissionId, CancellationToken cancellationToken);
}
