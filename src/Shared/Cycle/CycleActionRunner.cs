using Fremdrift.Shared.Bilag;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Survey;
using Microsoft.Extensions.Logging;

namespace Fremdrift.Shared.Cycle;

/// <summary>What running one action did; <see cref="MailStatus"/> is set for mail actions.</summary>
public sealed record CycleActionOutcome(CycleAction Action, SendStatus? MailStatus, string Detail);

/// <summary>
/// Runs one decided action by calling one Shared service. Every action is idempotent: opening an open cycle,
/// closing a closed one, or sending a step that is already in the send log does nothing. The mail services make
/// their own checks when they send (a jobcentre that submitted after the decision gets no reminder), so the
/// runner passes actions through without second-guessing them.
/// </summary>
public sealed class CycleActionRunner(
    CycleRepository cycles,
    AuditLogRepository audit,
    TimeProvider time,
    ILogger<CycleActionRunner> logger,
    ISurveyMailer surveyMailer,
    ICycleDocuments documents,
    IDocumentMailer documentMailer,
    Catalogue.YearCatalogues catalogues)
{
    /// <summary>The actor recorded for what the cycle does on its own.</summary>
    public const string AutomaticActor = "årshjulet (automatisk)";

    public async Task<CycleActionOutcome> RunAsync(CycleAction action, CancellationToken ct = default)
    {
        switch (action)
        {
            case CycleAction.OpenCycle open:
                return new(action, null, await OpenAsync(open.Year, ct));
            case CycleAction.CloseCycle close:
                return new(action, null, await CloseAsync(close.Year, close.Reason, AutomaticActor, ct));
            case CycleAction.SendDeadlineNotice notice:
                return Mail(action, await surveyMailer.SendDeadlineNoticeAsync(notice.Year, notice.MunicipalityCode, notice.Notice, ct));
            case CycleAction.SendReopenNotice reopen:
                return Mail(action, await surveyMailer.SendReopenNoticeAsync(reopen.Year, reopen.MunicipalityCode, reopen.Reopening, ct));
            case CycleAction.SendInvitation invite:
                return Mail(action, await surveyMailer.SendInvitationAsync(invite.Year, invite.MunicipalityCode, ct));
            case CycleAction.SendReminder remind:
                return Mail(action, await surveyMailer.SendReminderAsync(remind.Year, remind.MunicipalityCode, remind.Round, ct));
            case CycleAction.BuildFinalBilag bilag:
                var document = await BuildFinalBilagAsync(bilag.Year, ct);
                await audit.AppendAsync(new AuditEntry(bilag.Year, time.GetUtcNow(), AutomaticActor, "Bilaget er dannet", document.FileName), ct);
                return new(action, null, document.FileName);
            case CycleAction.NotifySecretariat notify:
                return Mail(action, await documentMailer.NotifySecretariatAsync(notify.Year, ct));
            case CycleAction.SendReceipt receipt:
                return Mail(action, await surveyMailer.SendReceiptAsync(receipt.Year, receipt.MunicipalityCode, receipt.SubmissionId, ct));
            case CycleAction.SendMunicipalityForm form:
                return Mail(action, await documentMailer.SendMunicipalityFormAsync(form.Year, form.MunicipalityCode, ct));
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown cycle action.");
        }
    }

    /// <summary>Planned → Open. Does nothing if the cycle is already open or closed.</summary>
    public async Task<string> OpenAsync(int year, CancellationToken ct = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var cycle = await cycles.GetAsync(year, ct) ?? throw new InvalidOperationException($"Opfølgningen for {year} findes ikke.");
            if (cycle.State != CycleState.Planned)
            {
                return "Allerede åben.";
            }

            try
            {
                // The year's recommendations become the cycle's snapshot before any chief can see the form.
                await catalogues.FreezeAsync(cycle.CatalogueYear, ct);
                await cycles.UpdateAsync(cycle with { State = CycleState.Open }, ct);
                await audit.AppendAsync(new AuditEntry(year, time.GetUtcNow(), AutomaticActor, "Åbnede opfølgningen", $"Svarfrist {DanishDates.DateAndTime(cycle.Deadline)}."), ct);
                logger.LogInformation("Opened the {Year} cycle", year);
                return "Åbnet.";
            }
            catch (ConcurrencyConflictException) when (attempt < 2)
            {
                // Changed meanwhile (e.g. the secretariat moved the deadline); read again and retry.
            }
        }
    }

    /// <summary>
    /// The final bilag of the latest close: version 1 after the first close; after a reopening and a new close, a new
    /// version made after that close (an earlier one is kept), so running this twice makes one.
    /// </summary>
    private async Task<StoredDocument> BuildFinalBilagAsync(int year, CancellationToken ct)
    {
        var cycle = await cycles.GetAsync(year, ct);
        if (cycle is not { Reopened: > 0, ClosedAt: { } closedAt })
        {
            return await documents.EnsureFinalBilagAsync(year, ct);
        }

        var since = (await documents.ListAsync(year, ct)).Where(d => d.Kind == DocumentKind.Bilag && d.CreatedAt >= closedAt).MaxBy(d => d.Version);
        return since ?? await documents.BuildAsync(year, DocumentKind.Bilag, null, ct);
    }

    /// <summary>Open (or planned) → Closed with a reason. Does nothing if already closed.</summary>
    public async Task<string> CloseAsync(int year, CloseReason reason, string actor, CancellationToken ct = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var cycle = await cycles.GetAsync(year, ct) ?? throw new InvalidOperationException($"Opfølgningen for {year} findes ikke.");
            if (cycle.State == CycleState.Closed)
            {
                return "Allerede lukket.";
            }

            var now = time.GetUtcNow();
            try
            {
                // A cycle closed before it opened still needs the snapshot its documents are built from.
                await catalogues.FreezeAsync(cycle.CatalogueYear, ct);
                await cycles.UpdateAsync(cycle with { State = CycleState.Closed, ClosedAt = now, ClosedReason = reason.ToString() }, ct);
                await audit.AppendAsync(new AuditEntry(year, now, actor, "Lukkede opfølgningen", CloseReasonText.Audit(reason)), ct);
                logger.LogInformation("Closed the {Year} cycle: {Reason}", year, reason);
                return "Lukket.";
            }
            catch (ConcurrencyConflictException) when (attempt < 2)
            {
            }
        }
    }

    private static CycleActionOutcome Mail(CycleAction action, SendLogEntry entry) =>
        new(action, entry.Status, entry.Reason ?? entry.Status.ToString());
}
