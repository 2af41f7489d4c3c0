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

    private sealed record Opened(SurveyAccess Access, FollowUpCycle Cycle, Domain.Catalogue Catalogue, string JobcentreName, string TokenHash, IReadOnlyList<Answer>? LastYear = null);

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
            var (access, cycle, catalogue, name, _, _) = loaded.Form;
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

            return Form(200, new SurveyFormView(catalogue, name, cycle.Year, cycle.Deadline, response, Signed(loaded.Form, response), values, lastYear, [], null, Rules));
        }
        catch (StorageUnavailableException e)
        {
            logger.LogError(e, "Storage unavailable while showing a survey form");
            return SurveyPages.Unavailable(Contact);
        }
    }

    /// <summary>
    /// A save or submit. A page made by <see cref="GetAsync"/> carries a signed <see cref="FormVersion"/>: then the POST
    /// reads only the cycle row (closed? deadline?) and writes one transaction guarded by that version's ETag, two
    /// table requests. Only when the transaction finds the header changed (a double click, a save elsewhere, a new
    /// link) is the response read, to answer with the receipt, the conflict page or "link not found". A page without
    /// a signed version (made before versions were signed, or tampered with) takes the path that reads the response
    /// first, as every POST did before.
    /// </summary>
    public async Task<PageResult> PostAsync(string? token, FormFields form, CancellationToken ct)
    {
        Opened? viewed;
        FormVersion? version;
        try
        {
            (viewed, version) = await OpenFromVersionAsync(token, form, ct);
        }
        catch (StorageUnavailableException e)
        {
            logger.LogError(e, "Storage unavailable while receiving a survey form");
            return SurveyPages.UnavailableWhileSaving(Contact, form);
        }

        if (viewed is null || version is null)
        {
            return await PostReadingResponseAsync(token, form, ct);
        }

        var parsed = SurveyFormRules.Parse(viewed.Catalogue, form);
        if (parsed is SurveyFormParse.Rejected rejected)
        {
            logger.LogWarning("Refused a tampered survey form for {Jobcentre} in {Year}: {Reason}", viewed.Access.MunicipalityCode, viewed.Access.Year, rejected.Message);
            return SurveyPages.BadRequest(rejected.Message, token);
        }

        var input = ((SurveyFormParse.Accepted)parsed).Input;
        var response = viewed.Access.Response;
        var tooLong = SurveyFormRules.Validate(viewed.Catalogue, input.Answers, SurveyAction.SaveDraft, Rules);
        if (tooLong.Count > 0)
        {
            return Form(422, View(viewed, response, input.Version, input.Answers, tooLong, new FormNotice(FormNoticeKind.NothingSavedFixMarked)));
        }

        var problems = input.Action == SurveyAction.Submit ? SurveyFormRules.Validate(viewed.Catalogue, input.Answers, SurveyAction.Submit, Rules) : [];
        var action = problems.Count > 0 ? SurveyAction.SaveDraft : input.Action;
        var updated = Apply(response, input, action);
        var save = new FormSave(
            updated.State,
            response.OpenedAt is null ? updated.OpenedAt : null,
            updated.DraftSavedAt!.Value,
            input.SubmissionId,
            input.Answers,
            action == SurveyAction.Submit ? new FormSubmission(updated.SubmittedAt!.Value, SubmittedByLink, input.Answers) : null);
        SurveyResponse saved;
        try
        {
            saved = updated with { Version = await responses.SaveFormAsync(viewed.Access.Year, viewed.Access.MunicipalityCode, version.ETag, save, ct) };
        }
        catch (ConcurrencyConflictException)
        {
            // The header is not what the page was made from: read it and answer as a POST that read it first would.
            return await PostOverCurrentAsync(token!, viewed, form, ct);
        }
        catch (StorageUnavailableException e)
        {
            logger.LogError(e, "Storage unavailable while saving the survey for {Jobcentre} in {Year}", viewed.Access.MunicipalityCode, viewed.Access.Year);
            return Form(503, View(viewed, response, input.Version, input.Answers, [], new FormNotice(FormNoticeKind.StorageUnavailable)));
        }

        return Saved(viewed, saved, problems, action, token!);
    }

    /// <summary>
    /// The form as the page that posted it was made, from its signed version, the link's index row and the catalogue
    /// (both kept in memory: they never change) and the cycle row (the one table request); nulls when the version is
    /// not one this app signed for this link, or the cycle is not open for answers (the other path says why).
    /// </summary>
    private async Task<(Opened? Form, FormVersion? Version)> OpenFromVersionAsync(string? token, FormFields form, CancellationToken ct)
    {
        var target = await links.FindTargetAsync(token, ct);
        var posted = form.Pairs.FirstOrDefault(p => p.Key == SurveyFormRules.VersionField).Value;
        if (target?.JobcentreName is null || posted is null)
        {
            return (null, null);
        }

        var hash = SurveyLinks.Hash(token!);
        var version = FormVersion.Read(SigningKey, hash, target.Year, target.MunicipalityCode, posted);
        if (version is null)
        {
            return (null, null);
        }

        var cycle = await cycles.GetAsync(target.Year, ct);
        if (cycle is null || !IsOpenForAnswers(cycle) || await catalogues.GetAsync(cycle.CatalogueYear, ct) is not { } catalogue)
        {
            return (null, null);
        }

        var state = version.SubmittedAt is not null ? ResponseState.Submitted : version.OpenedAt is not null ? ResponseState.Draft : ResponseState.NotOpened;
        var response = SurveyResponse.New(target.Year, target.MunicipalityCode) with
        {
            State = state,
            OpenedAt = version.OpenedAt,
            DraftSavedAt = version.DraftSavedAt,
            SubmittedAt = version.SubmittedAt,
            Version = version.ETag,
        };
        return (new Opened(new SurveyAccess(target.Year, target.MunicipalityCode, response), cycle, catalogue, target.JobcentreName, hash), version);
    }

    /// <summary>After a save found the header changed: the response read (one more request), then the answer for it.</summary>
    private async Task<PageResult> PostOverCurrentAsync(string token, Opened viewed, FormFields form, CancellationToken ct)
    {
        SurveyFormAccess? read;
        try
        {
            read = await links.ReadAccessAsync(new LinkTarget(viewed.Access.Year, viewed.Access.MunicipalityCode, viewed.JobcentreName), token, ct);
        }
        catch (StorageUnavailableException e)
        {
            logger.LogError(e, "Storage unavailable while receiving a survey form");
            return SurveyPages.UnavailableWhileSaving(Contact, form);
        }

        // A new link rewrote the header: this token no longer opens the form.
        return read is null
            ? SurveyPages.NotFound(Contact)
            : await PostOpenedAsync(token, viewed with { Access = read.Access, LastYear = read.LastYear }, form, ct);
    }

    /// <summary>A POST that reads the response (and the cycle row beside it) before it saves.</summary>
    private async Task<PageResult> PostReadingResponseAsync(string? token, FormFields form, CancellationToken ct)
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

        return await PostOpenedAsync(token!, loaded.Form, form, ct);
    }

    /// <summary>A POST over the response as read now: a repeat of a done save, a conflict, or a save guarded by its ETag.</summary>
    private async Task<PageResult> PostOpenedAsync(string token, Opened opened, FormFields form, CancellationToken ct)
    {
        var (access, cycle, catalogue, name, _, _) = opened;
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
                ? SurveyPages.Receipt(cycle.Year, name, response.SubmittedAt!.Value, cycle.Deadline, token, catalogue, response.Submitted)
                : Form(200, View(opened, response, Signed(opened, response), response.Draft, [], new FormNotice(FormNoticeKind.DraftSaved)));
        }

        var tooLong = SurveyFormRules.Validate(catalogue, input.Answers, SurveyAction.SaveDraft, Rules);
        if (tooLong.Count > 0)
        {
            return Form(422, View(opened, response, input.Version, input.Answers, tooLong,
                new FormNotice(FormNoticeKind.NothingSavedFixMarked)));
        }

        // A signed version stands for its ETag; a page made before versions were signed posted the ETag itself.
        if (FormVersion.ETagOf(SigningKey, opened.TokenHash, access.Year, access.MunicipalityCode, input.Version) != response.Version)
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

        return Saved(opened, saved, problems, action, token);
    }

    /// <summary>The answer to a save that was stored: the form with what to fix, the saved draft, or the receipt.</summary>
    private PageResult Saved(Opened opened, SurveyResponse saved, IReadOnlyList<FieldProblem> problems, SurveyAction action, string token)
    {
        if (problems.Count > 0)
        {
            return Form(422, View(opened, saved, Signed(opened, saved), saved.Draft, problems, new FormNotice(FormNoticeKind.NotSubmitted)));
        }

        if (action == SurveyAction.SaveDraft)
        {
            return Form(200, View(opened, saved, Signed(opened, saved), saved.Draft, [], new FormNotice(FormNoticeKind.DraftSaved, saved.DraftSavedAt)));
        }

        // The submit wakes the year's loop (early close, no more reminders); the host raises the signal.
        var (access, cycle, catalogue, name, _, _) = opened;
        return SurveyPages.Receipt(cycle.Year, name, saved.SubmittedAt!.Value, cycle.Deadline, token, catalogue, saved.Submitted)
            with { Signal = new CycleSignal(access.Year, CycleSignalKind.AnswerSubmitted, access.MunicipalityCode, null) };
    }

    private byte[] SigningKey => surveyOptions.Value.SigningKeyBytes();

    /// <summary>The version field of a page made from <paramref name="response"/> for this link.</summary>
    private string Signed(Opened opened, SurveyResponse response) => FormVersion.Sign(SigningKey, opened.TokenHash, response);

    /// <summary>Open, and not past the deadline and its grace period.</summary>
    private bool IsOpenForAnswers(FollowUpCycle cycle) =>
        cycle.State == CycleState.Open && time.GetUtcNow() < cycle.Deadline + surveyOptions.Value.GracePeriod;

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
        Form(409, View(opened, current, Signed(opened, current), input.Answers, [], new FormNotice(FormNoticeKind.Conflict)));

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
        return new Loaded(new Opened(access, cycle, catalogue, name, SurveyLinks.Hash(token!), read.LastYear), null);
    }
}
