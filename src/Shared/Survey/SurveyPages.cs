using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Survey.Views;
using Fremdrift.Shared.Web;

namespace Fremdrift.Shared.Survey;

/// <summary>
/// The survey's pages other than the form (the <see cref="SurveyPage"/> view): unknown link, not open yet, closed,
/// refused form, receipt. None of them names another jobcentre or says whether a link ever existed.
/// </summary>
public static class SurveyPages
{
    public static PageResult NotFound(string contact) => Page(404, new SurveyPageModel.NotFound(contact));

    public static PageResult NotOpenYet(int year, DateTimeOffset opensAt, string contact) => Page(200, new SurveyPageModel.NotOpenYet(year, opensAt, contact));

    /// <summary>
    /// After the deadline (410). <paramref name="typed"/> is what a late submit contained: shown so it is not
    /// lost, for the chief to copy to the secretariat.
    /// </summary>
    public static PageResult Closed(FollowUpCycle cycle, DateTimeOffset? submittedAt, string contact, Domain.Catalogue? catalogue, IReadOnlyList<Answer>? typed) =>
        Page(410, new SurveyPageModel.Closed(cycle.Year, WhyClosed(cycle), submittedAt, contact, catalogue, typed ?? []));

    /// <summary>Why the form is closed, as a sentence and as a "fordi …" clause.</summary>
    public sealed record ClosedReasonText(string Sentence, string Because);

    /// <summary>
    /// Closed before the deadline (by the secretariat, or because everyone had submitted) reads differently from a
    /// deadline that has passed: telling a chief the deadline is over months before it is, is simply wrong.
    /// </summary>
    public static ClosedReasonText WhyClosed(FollowUpCycle cycle)
    {
        var deadline = DanishDates.DateAndTime(cycle.Deadline);
        if (cycle.State == CycleState.Closed && cycle.ClosedAt is { } closedAt && closedAt < cycle.Deadline)
        {
            var when = DanishDates.DateAndTime(closedAt);
            return cycle.CloseReason == CloseReason.AllSubmitted
                ? new($"Opfølgningen blev lukket {when}, før svarfristen ({deadline}), fordi alle jobcentre havde indsendt.", "opfølgningen er lukket")
                : new($"Sekretariatet lukkede opfølgningen {when}, før svarfristen ({deadline}).", "sekretariatet har lukket opfølgningen");
        }

        return new($"Svarfristen var {deadline}.", "svarfristen er overskredet");
    }

    public static PageResult BadRequest(string message, string? formUrl) => Page(400, new SurveyPageModel.BadRequest(message, formUrl));

    public static PageResult TooLarge() => Page(413, new SurveyPageModel.TooLarge(SurveyFormBody.MaxBytes / 1024));

    public static PageResult Unreadable(string reason) => Page(400, new SurveyPageModel.Unreadable(reason));

    public static PageResult Unavailable(string contact) => Page(503, new SurveyPageModel.Unavailable(contact));

    /// <summary>Storage failed before a posted form could even be read against its cycle: show what was typed, raw, so nothing is lost.</summary>
    public static PageResult UnavailableWhileSaving(string contact, FormFields form)
    {
        var typed = new List<SurveyPageModel.TypedField>();
        foreach (var (name, value) in form.Pairs.Where(p => p.Value.Length > 0 && (p.Key.StartsWith(SurveyFormRules.ColourPrefix, StringComparison.Ordinal) || p.Key.StartsWith(SurveyFormRules.RemarkPrefix, StringComparison.Ordinal))))
        {
            var label = name.StartsWith(SurveyFormRules.ColourPrefix, StringComparison.Ordinal)
                ? "Farve til " + name[SurveyFormRules.ColourPrefix.Length..]
                : "Bemærkninger til " + name[SurveyFormRules.RemarkPrefix.Length..];
            var shown = RatingNames.TryParseCode(value, out var rating) ? rating.Danish() : value;
            typed.Add(new(label, shown));
        }

        return Page(503, new SurveyPageModel.UnavailableWhileSaving(contact, typed));
    }

    public static PageResult MissingCatalogue(int year, string contact) => Page(500, new SurveyPageModel.MissingCatalogue(year, contact));

    /// <summary>Shown after a complete submit (and again for a repeated submit of the same page).</summary>
    public static PageResult Receipt(int year, string jobcentreName, DateTimeOffset submittedAt, DateTimeOffset deadline, string token, Domain.Catalogue catalogue, IReadOnlyList<Answer> answers) =>
        Page(200, new SurveyPageModel.Receipt(year, jobcentreName, submittedAt, deadline, token, catalogue, answers));

    private static PageResult Page(int status, SurveyPageModel model) =>
        PageResult.Html(status, HtmlViewRenderer.Render<SurveyPage, SurveyPageModel>(model));
}
