using System.Globalization;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Mail;
using Fremdrift.Shared.MailTexts;
using Fremdrift.Shared.Storage;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Survey;

/// <summary>
/// Sends the survey's mails through <see cref="MailDispatcher"/>, so each step goes out once per
/// (year, jobcentre, step) (a mail in flight when the process dies may go twice; see MailDispatcher) and its outcome is in the send log. The checks (cycle still open? address? bounced?
/// already submitted?) run when the step is claimed, i.e. at send time; a skipped step says why in Danish.
/// </summary>
internal sealed class SurveyMailer(
    MailDispatcher dispatcher,
    SurveyLinks links,
    CycleRepository cycles,
    CatalogueRepository catalogues,
    JobcentreRepository directory,
    ResponseRepository responses,
    MailTextRepository texts,
    IOptions<MailOptions> mailOptions,
    IOptions<SurveyOptions> surveyOptions,
    TimeProvider time) : ISurveyMailer
{
    public const string InvitationStep = "invitation";

    public static string ReminderStep(int round) => "reminder-" + round.ToString(CultureInfo.InvariantCulture);

    public static string LinkStep(int generation) => "link-" + generation.ToString(CultureInfo.InvariantCulture);

    public Task<SendLogEntry> SendInvitationAsync(int year, int municipalityCode, CancellationToken cancellationToken) =>
        dispatcher.SendOnceWithEvidenceAsync(year, municipalityCode, InvitationStep, async ct =>
        {
            var check = await CheckRecipientAsync(year, municipalityCode, ct);
            if (check.Skip is not null)
            {
                return new MailPlan.Skip(check.Skip);
            }

            var linked = await links.EnsureLinkAsync(year, municipalityCode, ct);

            // Last year's answers go beside the response now, so that showing the form never reads last year.
            await responses.CopyLastYearAsync(year, municipalityCode, ct);
            var text = await texts.TextAsync(year, MailTextKinds.Invitation, ct);
            return new MailPlan.Send(SurveyMailTemplates.Invitation(Context(check, linked.Token, InvitationStep), text, time.GetUtcNow()));
        }, ArrivedSinceAsync(year, municipalityCode), cancellationToken);

    public Task<SendLogEntry> SendReminderAsync(int year, int municipalityCode, int round, CancellationToken cancellationToken)
    {
        var step = ReminderStep(round);
        return dispatcher.SendOnceWithEvidenceAsync(year, municipalityCode, step, async ct =>
        {
            var check = await CheckRecipientAsync(year, municipalityCode, ct);
            if (check.Skip is not null)
            {
                return new MailPlan.Skip(check.Skip);
            }

            var linked = await links.EnsureLinkAsync(year, municipalityCode, ct);
            var response = linked.Response;
            if (response.IsSubmitted)
            {
                return new MailPlan.Skip($"Allerede indsendt {DanishDates.DateAndTime(response.SubmittedAt!.Value)}; ingen påmindelse.");
            }

            var catalogue = await catalogues.GetAsync(check.Cycle!.CatalogueYear, ct);
            var state = new ReminderState(response.State != ResponseState.NotOpened, response.DraftSavedAt, StillRequired(catalogue, response.Draft));
            var text = await texts.TextAsync(year, MailTextKinds.Reminders[Math.Clamp(round, 1, MailTextKinds.LastReminderText) - 1], ct);
            return new MailPlan.Send(SurveyMailTemplates.Reminder(Context(check, linked.Token, step), state, text, time.GetUtcNow(), round));
        }, ArrivedSinceAsync(year, municipalityCode), cancellationToken);
    }

    public Task<SendLogEntry> SendDeadlineNoticeAsync(int year, int municipalityCode, int notice, CancellationToken cancellationToken) =>
        SendNoticeAsync(year, municipalityCode, Cycle.MailSteps.DeadlineMoved(notice), SurveyMailTemplates.DeadlineMoved, cancellationToken);

    public Task<SendLogEntry> SendReopenNoticeAsync(int year, int municipalityCode, int reopening, CancellationToken cancellationToken) =>
        SendNoticeAsync(year, municipalityCode, Cycle.MailSteps.Reopened(reopening), SurveyMailTemplates.Reopened, cancellationToken);

    /// <summary>A notice with the jobcentre's link and the current deadline, to a jobcentre that has not submitted.</summary>
    private Task<SendLogEntry> SendNoticeAsync(int year, int municipalityCode, string step, Func<SurveyMailContext, MailMessage> template, CancellationToken cancellationToken) =>
        dispatcher.SendOnceWithEvidenceAsync(year, municipalityCode, step, async ct =>
        {
            var check = await CheckRecipientAsync(year, municipalityCode, ct);
            if (check.Skip is not null)
            {
                return new MailPlan.Skip(check.Skip);
            }

            var linked = await links.EnsureLinkAsync(year, municipalityCode, ct);
            if (linked.Response.IsSubmitted)
            {
                return new MailPlan.Skip($"Allerede indsendt {DanishDates.DateAndTime(linked.Response.SubmittedAt!.Value)}; ingen besked.");
            }

            return new MailPlan.Send(template(Context(check, linked.Token, step)));
        }, ArrivedSinceAsync(year, municipalityCode), cancellationToken);

    /// <summary>
    /// Evidence that a mail whose sender died after claiming it at a given time arrived: the chief has since opened the
    /// form, saved a draft or submitted. (Only a mail with the link can cause that; a view from an earlier mail's
    /// link counts too, which errs towards not mailing twice; the secretariat sees the step as sent with this reason.)
    /// </summary>
    private Func<DateTimeOffset, CancellationToken, Task<string?>> ArrivedSinceAsync(int year, int municipalityCode) => async (claimedAt, ct) =>
    {
        var response = await responses.GetAsync(year, municipalityCode, ct);
        var since = new[] { response?.OpenedAt, response?.DraftSavedAt, response?.SubmittedAt }.Where(t => t > claimedAt).Min();
        return since is { } at ? $"Regnet som sendt: afsendelsen stoppede undervejs, men skemaet er brugt siden ({DanishDates.DateAndTime(at)})." : null;
    };

    public async Task<SendLogEntry> IssueAndSendNewLinkAsync(int year, int municipalityCode, string actor, CancellationToken cancellationToken)
    {
        var cycle = await cycles.GetAsync(year, cancellationToken);
        var closed = CycleBlock(cycle, year);
        if (closed is not null)
        {
            // No new link for a closed cycle: the old one stays (dead with the cycle) and the log says why.
            var current = await responses.GetAsync(year, municipalityCode, cancellationToken);
            var next = LinkStep((current?.Link?.Generation ?? 0) + 1);
            return await dispatcher.SendOnceAsync(year, municipalityCode, next, _ => Task.FromResult<MailPlan>(new MailPlan.Skip(closed)), cancellationToken);
        }

        var linked = await links.ReissueAsync(year, municipalityCode, actor, cancellationToken);
        var generation = linked.Response.Link!.Generation;
        var step = LinkStep(generation);
        return await dispatcher.SendOnceAsync(year, municipalityCode, step, async ct =>
        {
            var check = await CheckRecipientAsync(year, municipalityCode, ct);
            if (check.Skip is not null)
            {
                return new MailPlan.Skip(check.Skip);
            }

            // On a later retry of this step the token is derived again from storage; if the secretariat has
            // issued yet another link meanwhile, this one is dead and must not be mailed.
            var response = await responses.GetAsync(year, municipalityCode, ct);
            if (response?.Link is null || response.Link.Generation != generation)
            {
                return new MailPlan.Skip("Et nyere link er udstedt siden; dette link virker ikke længere.");
            }

            var token = links.TokenFor(year, municipalityCode, response.Link);
            return new MailPlan.Send(SurveyMailTemplates.NewLink(Context(check, token, step)));
        }, cancellationToken);
    }

    public Task<SendLogEntry> SendReceiptAsync(int year, int municipalityCode, string submissionId, CancellationToken cancellationToken) =>
        dispatcher.SendOnceAsync(year, municipalityCode, MailSteps.Receipt(submissionId), async ct =>
        {
            // Not the cycle's block: the submit that closes the cycle (early, or at the deadline) gets its receipt too.
            var cycle = await cycles.GetAsync(year, ct);
            var jobcentre = (await directory.GetAsync(municipalityCode, ct))?.Jobcentre;
            if (cycle is null || jobcentre is null || !jobcentre.Active || !jobcentre.HasAddress || jobcentre.IsMailBlocked)
            {
                return new MailPlan.Skip("Ingen gyldig modtager til kvitteringen (se kontakten).");
            }

            var response = await responses.GetAsync(year, municipalityCode, ct);
            if (response is not { IsSubmitted: true } || response.LastSubmissionId != submissionId)
            {
                return new MailPlan.Skip("En nyere indsendelse har afløst denne; kvitteringen sendes for den.");
            }

            var catalogue = await catalogues.GetAsync(cycle.CatalogueYear, ct);
            var token = response.Link is null ? null : links.TokenFor(year, municipalityCode, response.Link);
            var context = new SurveyMailContext(jobcentre, year, cycle.Deadline, token is null ? "" : links.Url(token), mailOptions.Value.SecretariatContact, MailSteps.Receipt(submissionId));
            return new MailPlan.Send(SurveyMailTemplates.Receipt(context, ReceiptLines(catalogue, response.Submitted), response.SubmittedAt!.Value, cycle.State == CycleState.Closed));
        }, cancellationToken);

    /// <summary>Each submitted answer in the catalogue's order, by the id the form shows.</summary>
    private static List<ReceiptLine> ReceiptLines(Domain.Catalogue? catalogue, IReadOnlyList<Answer> submitted)
    {
        var byId = submitted.ToDictionary(a => a.RecommendationId, StringComparer.Ordinal);
        var order = catalogue?.AllRecommendations.Select(r => (r.Id, (Obligation?)r.Obligation)).ToList()
            ?? submitted.Select(a => (a.RecommendationId, (Obligation?)null)).ToList();
        return order.Where(r => byId.ContainsKey(r.Item1))
            .Select(r => new ReceiptLine(r.Item1, r.Item2, byId[r.Item1].Rating, byId[r.Item1].Remark))
            .ToList();
    }

    /// <summary>What the form's submit would refuse in this draft: the same rules, so the mail and the form agree.</summary>
    private List<RequiredItem> StillRequired(Domain.Catalogue? catalogue, IReadOnlyList<Answer> draft)
    {
        if (catalogue is null)
        {
            return [];
        }

        var byId = draft.ToDictionary(a => a.RecommendationId, StringComparer.Ordinal);
        var answers = catalogue.AllRecommendations.Select(r => byId.GetValueOrDefault(r.Id) ?? new Answer(r.Id, null, "")).ToList();
        return SurveyFormRules.Validate(catalogue, answers, SurveyAction.Submit, SurveyRules.From(surveyOptions.Value))
            .Select(p => new RequiredItem(p.RecommendationId, p.Message))
            .ToList();
    }

    private sealed record RecipientCheck(FollowUpCycle? Cycle, Jobcentre? Jobcentre, string? Skip);

    private async Task<RecipientCheck> CheckRecipientAsync(int year, int municipalityCode, CancellationToken ct)
    {
        var cycle = await cycles.GetAsync(year, ct);
        var block = CycleBlock(cycle, year);
        if (block is not null)
        {
            return new RecipientCheck(cycle, null, block);
        }

        var jobcentre = (await directory.GetAsync(municipalityCode, ct))?.Jobcentre;
        string? skip = jobcentre switch
        {
            null => $"Jobcenter nr. {municipalityCode} findes ikke i adressebogen.",
            { Active: false } => "Jobcentret er markeret som inaktivt.",
            { HasAddress: false } => "Ingen mailadresse til jobcenterchefen; tilføj den i adressebogen.",
            { IsMailBlocked: true } => $"Adressen {jobcentre.ChiefEmail} er afvist af modtageren ({jobcentre.Bounce!.Event}: {jobcentre.Bounce.Reason}); ret adressen først.",
            _ => null,
        };
        return new RecipientCheck(cycle, jobcentre, skip);
    }

    private string? CycleBlock(FollowUpCycle? cycle, int year)
    {
        if (cycle is null)
        {
            return $"Opfølgningen for {year} findes ikke.";
        }

        if (cycle.State == CycleState.Closed)
        {
            return "Opfølgningen er lukket; linket virker ikke længere.";
        }

        return time.GetUtcNow() >= cycle.Deadline + surveyOptions.Value.GracePeriod
            ? "Svarfristen er udløbet; linket virker ikke længere."
            : null;
    }

    private SurveyMailContext Context(RecipientCheck check, string token, string step) =>
        new(check.Jobcentre!, check.Cycle!.Year, check.Cycle.Deadline, links.Url(token), mailOptions.Value.SecretariatContact, step);
}
