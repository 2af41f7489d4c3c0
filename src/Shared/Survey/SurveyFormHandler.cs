using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Mail;
using Fremdrift.Shared.Storage;
using Fremdrift.Shared.Web;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fremdrift.Shared.Survey;

/// <summary>
/// The form behind a personal link: GET shows it, POST saves a draft or submits. Both hosts call this and only
/// map the <see cref="PageResult"/>. Nothing typed is ever lost: a refused, conflicting or failed save answers
/// with the form as typed and says in Danish what happened; a save is one ETag-guarded transaction, so it is
/// all or nothing.
/// </summary>
public sealed class SurveyFormHandler(
    SurveyLinks links,
    CycleRepository cycles,
    CatalogueRepository catalogues,
    JobcentreRepository directory,
    ResponseRepository responses,
    IOptions<SurveyOptions> surveyOptions,
    IOptions<MailOptions> mailOptions,
    TimeProvider time,
    ILogger<SurveyFormHandler> logger)
{
    /// <summary>Recorded as <see cref="SurveyResponse.SubmittedBy"/>: the link is the chief's only credential.</summary>
    public const string SubmittedByLink = "personligt link";

    private string Contact => mailOptions.Value.SecretariatContact;

    private SurveyRules Rules => SurveyRules.From(surveyOptions.Value);

    private sealed record Opened(SurveyAccess Access, FollowUpCycle Cycle, Domain.Catalogue Catalogue, string JobcentreName, IReadOnlyList<Answer>? LastYear = null);

    private sealed record ClosedForm(SurveyAccess Access, FollowUpCycle Cycle, Domain.Catalogue? Catalogue);

    private sealed record Loaded(Opened? Form, PageResult? Stop, ClosedForm? Closed = null);

    public async Task<PageResult> GetAsync(string? token, CancellationToken ct)
    {
        try
        {
            var loaded = await LoadAsync(token, ct);
            if (loaded.Form is null)
            {
                return loaded.Stop!;
            }

            // A view writes nothing: a mail scanner fetching the link must not mark the form opened (see ResponseState).
            var (access, cycle, catalogue, name, _) = loaded.Form;
            var response = access.Response;
            IReadOnlyDictionary<string, Answer>? lastYear = null;
            IReadOnlyList<Answer> values = response.Draft.Count > 0 ? response.Draft : response.Submitted;
            if (response.DraftSavedAt is null && response.SubmittedAt is null)
            {
                // Copied at the invitation; a response made some other way (or before the copy existed) is copied now, once.
                var copied = loaded.Form.LastYear ?? await responses.CopyLastYearAsync(cycle.Year, access.MunicipalityCode, ct);
                lastYear = Carried(copied, catalogue);
                if (lastYear is not null)
                {
                    values = lastYear.Values.ToList();
                }
            }

            return Form(200, new SurveyFormView(catalogue, name, cycle.Year, cycle.Deadline, response, response.Version, values, lastYear, [], null, Rules));
        }
        catch (StorageUnavailableException e)
        {
            logger.LogError(e, "Storage unavailable while showing a survey form");
            return SurveyPages.Unavailable(Contact);
        }
    }

    public async Task<PageResult> PostAsync(string? token, FormFields form, CancellationToken ct)
    {
        Loaded loaded;
        try
        {
            loaded = await LoadAsync(token, ct);
        }
        catch (StorageUnavailableException e)
        {
            logger.LogError(e, "Storage unavailable while receiving a survey form");
            return SurveyPages.UnavailableWhileSaving(Contact, form);
        }

        if (loaded.Form is null)
        {
            if (loaded.Closed is { } closed)
            {
                var typed = closed.Catalogue is not null && SurveyFormRules.Parse(closed.Catalogue, form) is SurveyFormParse.Accepted late ? late.Input.Answers : null;
                return SurveyPages.Closed(closed.Cycle, closed.Access.Response.SubmittedAt, Contact, closed.Catalogue, typed);
            }

            return loaded.Stop!;
        }

        var opened = loaded.Form;
        var (access, cycle, catalogue, name, _) = opened;
        var parsed = SurveyFormRules.Parse(catalogue, form);
        if (parsed is SurveyFormParse.Rejected rejected)
        {
            logger.LogWarning("Refused a tampered survey form for {Jobcentre} in {Year}: {Reason}", access.MunicipalityCode, access.Year, rejected.Message);
            return SurveyPages.BadRequest(rejected.Message, token);
        }

        var input = ((SurveyFormParse.Accepted)parsed).Input;
        var response = access.Response;

        // The same page posted twice (double click, reload after posting): what it asked for is already done.
        if (input.SubmissionId == response.LastSubmissionId)
        {
            return input.Action == SurveyAction.Submit && response.IsSubmitted
                ? SurveyPages.Receipt(cycle.Year, name, response.SubmittedAt!.Value, cycle.Deadline, token!, catalogue, response.Submitted)
                : Form(200, View(opened, response, response.Version, response.Draft, [], new FormNotice(FormNoticeKind.DraftSaved)));
        }

        var tooLong = SurveyFormRules.Validate(catalogue, input.Answers, SurveyAction.SaveDraft, Rules);
        if (tooLong.Count > 0)
        {
            return Form(422, View(opened, response, input.Version, input.Answers, tooLong,
                new FormNotice(FormNoticeKind.NothingSavedFixMarked)));
        }

        if (input.Version != response.Version)
        {
            return Conflict(opened, response, input);
        }

        var problems = input.Action == SurveyAction.Submit ? SurveyFormRules.Validate(catalogue, input.Answers, SurveyAction.Submit, Rules) : [];
        var action = problems.Count > 0 ? SurveyAction.SaveDraft : input.Action;
        SurveyResponse saved;
        try
        {
            saved = await responses.SaveAsync(response, Apply(response, input, action), ct);
        }
        catch (ConcurrencyConflictException)
        {
            var current = await responses.GetAsync(access.Year, access.MunicipalityCode, ct) ?? response;
            return Conflict(opened, current, input);
        }
        catch (StorageUnavailableException e)
        {
            logger.LogError(e, "Storage unavailable while saving the survey for {Jobcentre} in {Year}", access.MunicipalityCode, access.Year);
            return Form(503, View(opened, response, input.Version, input.Answers, [], new FormNotice(FormNoticeKind.StorageUnavailable)));
        }

        if (problems.Count > 0)
        {
            return Form(422, View(opened, saved, saved.Version, saved.Draft, problems, new FormNotice(FormNoticeKind.NotSubmitted)));
        }

        if (action == SurveyAction.SaveDraft)
        {
            return Form(200, View(opened, saved, saved.Version, saved.Draft, [], new FormNotice(FormNoticeKind.DraftSaved, saved.DraftSavedAt)));
        }

        // The submit wakes the year's loop (early close, no more reminders); the host raises the signal.
        return SurveyPages.Receipt(cycle.Year, name, saved.SubmittedAt!.Value, cycle.Deadline, token!, catalogue, saved.Submitted)
            with { Signal = new CycleSignal(access.Year, CycleSignalKind.AnswerSubmitted, access.MunicipalityCode, null) };
    }

    private SurveyResponse Apply(SurveyResponse response, SurveyFormInput input, SurveyAction action)
    {
        var now = time.GetUtcNow();
        var draft = response with
        {
            Draft = input.Answers,
            DraftSavedAt = now,
            OpenedAt = response.OpenedAt ?? now,
            LastSubmissionId = input.SubmissionId,
        };
        return action == SurveyAction.Submit
            ? draft with { State = ResponseState.Submitted, Submitted = input.Answers, SubmittedAt = now, SubmittedBy = SubmittedByLink }
            : draft with { State = response.IsSubmitted ? ResponseState.Submitted : ResponseState.Draft };
    }

    private PageResult Conflict(Opened opened, SurveyResponse current, SurveyFormInput input) =>
        Form(409, View(opened, current, current.Version, input.Answers, [], new FormNotice(FormNoticeKind.Conflict)));

    private SurveyFormView View(Opened o, SurveyResponse response, string version, IReadOnlyList<Answer> values, IReadOnlyList<FieldProblem> problems, FormNotice? notice) =>
        new(o.Catalogue, o.JobcentreName, o.Cycle.Year, o.Cycle.Deadline, response, version, values, null, problems, notice, Rules);

    private static PageResult Form(int status, SurveyFormView view) => PageResult.Html(status, SurveyFormPage.Render(view));

    /// <summary>Last year's submitted answers for the recommendations that continue, or null when there are none.</summary>
    private static Dictionary<string, Answer>? Carried(IReadOnlyList<Answer> lastYear, Domain.Catalogue catalogue)
    {
        var carried = new Dictionary<string, Answer>(StringComparer.Ordinal);
        foreach (var answer in lastYear)
        {
            var recommendation = catalogue.Find(answer.RecommendationId);
            if (recommendation is null)
            {
                continue;
            }

            var rating = answer.Rating == Rating.IkkeRelevant && recommendation.Obligation == Obligation.Skal ? null : answer.Rating;
            carried[answer.RecommendationId] = answer with { Rating = rating };
        }

        return carried.Count == 0 ? null : carried;
    }

    /// <summary>
    /// The response's rows (one query) and the cycle row, side by side: two table requests. A link's index row and
    /// the catalogue snapshot never change and are kept in memory once read (a link's first view on an instance adds
    /// one request, a cold instance's first view one more); the jobcentre's name travels in the index row. Nothing
    /// that can change comes from memory, so a close or a moved deadline is seen at once on every instance.
    /// </summary>
    private async Task<Loaded> LoadAsync(string? token, CancellationToken ct)
    {
        var target = await links.FindTargetAsync(token, ct);
        if (target is null)
        {
            return new Loaded(null, SurveyPages.NotFound(Contact));
        }

        var accessTask = links.ReadAccessAsync(target, token!, ct);
        var cycleTask = cycles.GetAsync(target.Year, ct);
        await Task.WhenAll(accessTask, cycleTask);
        var read = await accessTask;
        var cycle = await cycleTask;
        if (read is null || cycle is null)
        {
            return new Loaded(null, SurveyPages.NotFound(Contact));
        }

        var access = read.Access;
        if (cycle.State == CycleState.Planned)
        {
            return new Loaded(null, SurveyPages.NotOpenYet(cycle.Year, cycle.OpensAt, Contact));
        }

        var catalogue = await catalogues.GetAsync(cycle.CatalogueYear, ct);
        if (cycle.State == CycleState.Closed || time.GetUtcNow() >= cycle.Deadline + surveyOptions.Value.GracePeriod)
        {
            return new Loaded(null, SurveyPages.Closed(cycle, access.Response.SubmittedAt, Contact, catalogue, null), new ClosedForm(access, cycle, catalogue));
        }

        if (catalogue is null)
        {
            return new Loaded(null, SurveyPages.MissingCatalogue(cycle.CatalogueYear, Contact));
        }

        // Rows indexed before the index carried the name read it from the directory.
        var name = target.JobcentreName ?? (await directory.GetAsync(access.MunicipalityCode, ct))?.Jobcentre.Name ?? $"Kommune {access.MunicipalityCode}";
        return new Loaded(new Opened(access, cycle, catalogue, name, read.LastYear), null);
    }
}
