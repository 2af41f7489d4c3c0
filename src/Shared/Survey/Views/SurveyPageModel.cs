using Fremdrift.Shared.Domain;

namespace Fremdrift.Shared.Survey.Views;

/// <summary>The survey's pages other than the form, each case with what its page shows (see <see cref="SurveyPage"/>).</summary>
public abstract record SurveyPageModel
{
    private SurveyPageModel()
    {
    }

    public sealed record NotFound(string Contact) : SurveyPageModel;

    public sealed record NotOpenYet(int Year, DateTimeOffset OpensAt, string Contact) : SurveyPageModel;

    /// <summary><paramref name="Typed"/> is what a late submit contained, shown so it is not lost; empty when none.</summary>
    public sealed record Closed(int Year, SurveyPages.ClosedReasonText Why, DateTimeOffset? SubmittedAt, string Contact, Domain.Catalogue? Catalogue, IReadOnlyList<Answer> Typed) : SurveyPageModel;

    public sealed record BadRequest(string Message, string? FormUrl) : SurveyPageModel;

    public sealed record TooLarge(int MaxKilobytes) : SurveyPageModel;

    public sealed record Unreadable(string Reason) : SurveyPageModel;

    public sealed record Unavailable(string Contact) : SurveyPageModel;

    /// <summary>One posted field, as the chief can copy it back.</summary>
    public sealed record TypedField(string Label, string Text);

    public sealed record UnavailableWhileSaving(string Contact, IReadOnlyList<TypedField> Typed) : SurveyPageModel;

    public sealed record MissingCatalogue(int Year, string Contact) : SurveyPageModel;

    public sealed record Receipt(int Year, string JobcentreName, DateTimeOffset SubmittedAt, DateTimeOffset Deadline, string FormUrl, Domain.Catalogue Catalogue, IReadOnlyList<Answer> Answers) : SurveyPageModel;
}
