using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Web;

namespace Fremdrift.Shared.Survey;

/// <summary>What the chief asked for with the button pressed.</summary>
internal enum SurveyAction
{
    /// <summary>"gem": keep the working copy; nothing is required.</summary>
    SaveDraft,

    /// <summary>"indsend": a complete answer that replaces the previous submission.</summary>
    Submit,
}

/// <summary>A posted form that has the right shape: every field known, once, with a legal value.</summary>
internal sealed record SurveyFormInput(SurveyAction Action, string Version, string SubmissionId, IReadOnlyList<Answer> Answers);

/// <summary>Something the chief must fix in one recommendation before saving or submitting.</summary>
public sealed record FieldProblem(string RecommendationId, string Message, bool OnRemark);

/// <summary>The settings the rules depend on.</summary>
public sealed record SurveyRules(int RemarkMaxLength, bool RequireRemarkForGulOrRoed)
{
    public static SurveyRules From(SurveyOptions options) => new(options.RemarkMaxLength, options.RequireRemarkForGulOrRoed);
}

/// <summary>The outcome of reading a posted form: accepted, or refused as tampered with a Danish reason.</summary>
internal abstract record SurveyFormParse
{
    private SurveyFormParse()
    {
    }

    public sealed record Accepted(SurveyFormInput Input) : SurveyFormParse;

    /// <summary>The form was not one the page could have produced (400); <see cref="Message"/> is Danish.</summary>
    public sealed record Rejected(string Message) : SurveyFormParse;
}

/// <summary>
/// The form's field names and rules, as pure functions: <see cref="Parse"/> refuses anything the page could not
/// have sent (unknown or repeated field, unknown recommendation or colour, "Ikke relevant" on a SKAL, missing
/// hidden fields); <see cref="Validate"/> finds what the chief must fix (any recommendation without a status on submit, a
/// Gul/Rød without remark, a remark over the limit).
/// </summary>
internal static class SurveyFormRules
{
    public const string VersionField = "version";
    public const string SubmissionField = "indsendelse";
    public const string ActionField = "handling";
    public const string ColourPrefix = "farve-";
    public const string RemarkPrefix = "bem-";
    public const string SaveValue = "gem";
    public const string SubmitValue = "indsend";

    public static SurveyFormParse Parse(Domain.Catalogue catalogue, FormFields form)
    {
        var repeated = form.Pairs.GroupBy(p => p.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            return Reject($"Feltet \"{Shorten(repeated.Key)}\" optræder mere end én gang.");
        }

        var values = form.Pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var name in values.Keys)
        {
            if (name is VersionField or SubmissionField or ActionField)
            {
                continue;
            }

            var id = name.StartsWith(ColourPrefix, StringComparison.Ordinal) ? name[ColourPrefix.Length..]
                : name.StartsWith(RemarkPrefix, StringComparison.Ordinal) ? name[RemarkPrefix.Length..]
                : null;
            if (id is null)
            {
                return Reject($"Formularen indeholder et ukendt felt: \"{Shorten(name)}\".");
            }

            if (catalogue.Find(id) is null)
            {
                return Reject($"Anbefalingen \"{Shorten(id)}\" findes ikke i årets skema.");
            }
        }

        if (!values.TryGetValue(VersionField, out var version) || version.Length > 200)
        {
            return Reject("Formularens versionsfelt mangler.");
        }

        if (!values.TryGetValue(SubmissionField, out var submissionId) || submissionId.Length is 0 or > 64
            || !submissionId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return Reject("Formularens indsendelses-id mangler eller er ugyldigt.");
        }

        SurveyAction action;
        switch (values.GetValueOrDefault(ActionField))
        {
            case SaveValue: action = SurveyAction.SaveDraft; break;
            case SubmitValue: action = SurveyAction.Submit; break;
            default: return Reject("Det fremgår ikke, om skemaet skal gemmes eller indsendes (feltet \"handling\").");
        }

        var answers = new List<Answer>();
        foreach (var recommendation in catalogue.AllRecommendations)
        {
            if (!values.TryGetValue(RemarkPrefix + recommendation.Id, out var remark))
            {
                return Reject($"Bemærkningsfeltet til anbefaling {recommendation.Id} mangler.");
            }

            Rating? rating = null;
            if (values.TryGetValue(ColourPrefix + recommendation.Id, out var code))
            {
                if (!RatingNames.TryParseCode(code, out var parsed))
                {
                    return Reject($"Anbefaling {recommendation.Id} har en ukendt farve: \"{Shorten(code)}\".");
                }

                if (parsed == Rating.IkkeRelevant && recommendation.Obligation == Obligation.Skal)
                {
                    return Reject($"\"Ikke relevant\" kan kun vælges for KAN-anbefalinger, ikke for {recommendation.Id}.");
                }

                rating = parsed;
            }

            answers.Add(new Answer(recommendation.Id, rating, NormalizeRemark(remark)));
        }

        return new SurveyFormParse.Accepted(new SurveyFormInput(action, version, submissionId, answers));
    }

    /// <summary>Problems to fix; empty when the answers may be stored for <paramref name="action"/>.</summary>
    public static IReadOnlyList<FieldProblem> Validate(Domain.Catalogue catalogue, IReadOnlyList<Answer> answers, SurveyAction action, SurveyRules rules)
    {
        var problems = new List<FieldProblem>();
        foreach (var answer in answers)
        {
            var recommendation = catalogue.Find(answer.RecommendationId);
            if (recommendation is null)
            {
                continue;
            }

            if (answer.Remark.Length > rules.RemarkMaxLength)
            {
                problems.Add(new FieldProblem(answer.RecommendationId,
                    $"Bemærkningen er {answer.Remark.Length} tegn lang; den må højst være {rules.RemarkMaxLength} tegn.", OnRemark: true));
                continue;
            }

            if (action != SurveyAction.Submit)
            {
                continue;
            }

            if (answer.Rating is null)
            {
                problems.Add(new FieldProblem(answer.RecommendationId, MissingColour(recommendation), OnRemark: false));
            }
            else if (rules.RequireRemarkForGulOrRoed && answer.Rating is Rating.Gul or Rating.Roed && string.IsNullOrWhiteSpace(answer.Remark))
            {
                problems.Add(new FieldProblem(answer.RecommendationId, $"Skriv en bemærkning, der forklarer {answer.Rating.Value.Danish()}.", OnRemark: true));
            }
        }

        return problems;
    }

    /// <summary>
    /// The message names no id: the page shows it beside the row and in the list as "V3: …".
    /// A submitted answer is complete: every recommendation has a status, because the bilag counts every row and a
    /// blank would read as "not answered". A KAN the municipality does not follow is "Ikke relevant", never blank.
    /// </summary>
    public static string MissingColour(Recommendation recommendation) => recommendation.Obligation == Obligation.Skal
        ? "Mangler status: vælg Grøn, Gul eller Rød."
        : "Mangler status: vælg Grøn, Gul, Rød eller Ikke relevant (hvis kommunen ikke følger denne KAN-anbefaling).";

    /// <summary>
    /// Browsers send line breaks as CRLF; stored as LF (so lengths match the page's own counter) and trimmed. A
    /// remark without a visible character (only spaces, U+200B and the like) is no remark: it is stored empty, so it
    /// cannot stand in for the explanation a Gul or Rød needs.
    /// </summary>
    public static string NormalizeRemark(string remark)
    {
        var normalized = remark.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
        return FormText.HasVisibleText(normalized) ? normalized : "";
    }

    private static SurveyFormParse.Rejected Reject(string message) => new(message);

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..60] + "…";
}
