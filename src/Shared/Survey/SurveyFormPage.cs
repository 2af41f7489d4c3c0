using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Survey.Views;
using Fremdrift.Shared.Web;

namespace Fremdrift.Shared.Survey;

/// <summary>What a notice at the top of the form says; its Danish wording is in the form's view.</summary>
public enum FormNoticeKind
{
    /// <summary>The draft is saved (at <see cref="FormNotice.SavedAt"/> when known).</summary>
    DraftSaved,

    /// <summary>Nothing saved: a field is too long; fix what is marked.</summary>
    NothingSavedFixMarked,

    /// <summary>Nothing saved: storage did not answer.</summary>
    StorageUnavailable,

    /// <summary>Saved as a draft, not submitted: fix what is marked and submit again.</summary>
    NotSubmitted,

    /// <summary>Nothing saved yet: the form was changed elsewhere since it was opened.</summary>
    Conflict,
}

/// <summary>A message at the top of the form: a saved draft ("ok") or something that was not saved ("error").</summary>
public sealed record FormNotice(FormNoticeKind Kind, DateTimeOffset? SavedAt = null)
{
    public bool IsError => Kind is not FormNoticeKind.DraftSaved;
}

/// <summary>Everything the form page shows.</summary>
public sealed record SurveyFormView(
    Domain.Catalogue Catalogue,
    string JobcentreName,
    int Year,
    DateTimeOffset Deadline,
    SurveyResponse Response,
    string Version,
    IReadOnlyList<Answer> Values,
    IReadOnlyDictionary<string, Answer>? LastYear,
    IReadOnlyList<FieldProblem> Problems,
    FormNotice? Notice,
    SurveyRules Rules)
{
    /// <summary>Set for the secretariat's preview (the editor's address): the form shows a banner and cannot be saved or submitted.</summary>
    public string? PreviewBackLink { get; init; }
}

/// <summary>The Fremdriftsskema as server-rendered HTML: the <see cref="SurveyForm"/> view.</summary>
internal static class SurveyFormPage
{
    /// <summary>The id of the notice the form posts back to (the fragment of the form's action).</summary>
    public const string NoticeAnchor = "besked";

    public static string Render(SurveyFormView v) => HtmlViewRenderer.Render<SurveyForm, SurveyFormView>(v);
}
