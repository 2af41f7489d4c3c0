using System.Text;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Web;
using static Fremdrift.Shared.Web.HtmlLayout;

namespace Fremdrift.Shared.Survey;

/// <summary>
/// The survey's pages other than the form: unknown link, not open yet, closed, refused form, receipt. None of
/// them names another jobcentre or says whether a link ever existed.
/// </summary>
public static class SurveyPages
{
    public static PageResult NotFound(string contact) => PageResult.Html(404, Page("Linket virker ikke",
        "<h1>Linket virker ikke</h1>" +
        "<p>Adressen er ukendt, ufuldstændig eller erstattet af et nyere link. Tjek, at hele adressen fra mailen er med.</p>" +
        $"<p>Har I brug for et nyt link, så kontakt {Linked(contact)}.</p>"));

    public static PageResult NotOpenYet(int year, DateTimeOffset opensAt, string contact) => PageResult.Html(200, Page("Skemaet er ikke åbnet endnu",
        $"<h1>Fremdriftsskema {year} er ikke åbnet endnu</h1>" +
        $"<p>Skemaet åbner {E(DanishDates.DateAndTime(opensAt))}. Brug det samme link igen til den tid.</p>" +
        $"<p>Spørgsmål: {Linked(contact)}.</p>"));

    /// <summary>
    /// After the deadline (410). <paramref name="typed"/> is what a late submit contained: shown so it is not
    /// lost, for the chief to copy to the secretariat.
    /// </summary>
    public static PageResult Closed(FollowUpCycle cycle, DateTimeOffset? submittedAt, string contact, Domain.Catalogue? catalogue, IReadOnlyList<Answer>? typed)
    {
        var year = cycle.Year;
        var why = WhyClosed(cycle);
        var b = new StringBuilder();
        b.Append("<h1>Fremdriftsskema ").Append(year).Append(" er lukket</h1>");
        b.Append("<p>").Append(E(why.Sentence)).Append(" Skemaet kan ikke længere åbnes eller rettes.</p>");
        b.Append(submittedAt is { } at
            ? $"<p>Jeres svar blev indsendt {E(DanishDates.DateAndTime(at))} og indgår i opfølgningen.</p>"
            : "<p>Vi har ikke et indsendt svar fra jer.</p>");
        b.Append("<p>Kontakt ").Append(Linked(contact)).Append(", hvis I har spørgsmål eller vil sende et svar.</p>");
        if (typed is { Count: > 0 } && typed.Any(a => a.Rating is not null || a.Remark.Length > 0))
        {
            b.Append("<div class=\"notice error\" role=\"alert\"><p>Det, I lige sendte, er <strong>ikke gemt</strong>, fordi ").Append(E(why.Because)).Append(". ")
                .Append("I kan kopiere det herunder og sende det til sekretariatet.</p></div>");
            AppendAnswers(b, catalogue, typed);
        }

        return PageResult.Html(410, Page("Skemaet er lukket", b.ToString()));
    }

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
            return cycle.ClosedReason == CloseReasons.AllSubmitted
                ? new($"Opfølgningen blev lukket {when}, før svarfristen ({deadline}), fordi alle jobcentre havde indsendt.", "opfølgningen er lukket")
                : new($"Sekretariatet lukkede opfølgningen {when}, før svarfristen ({deadline}).", "sekretariatet har lukket opfølgningen");
        }

        return new($"Svarfristen var {deadline}.", "svarfristen er overskredet");
    }

    public static PageResult BadRequest(string message, string? formUrl) => PageResult.Html(400, Page("Formularen kunne ikke læses",
        "<h1>Formularen kunne ikke læses</h1>" +
        $"<p>{E(message)}</p><p>Intet er gemt. Det kan ske, hvis siden er ændret undervejs.</p>" +
        (formUrl is null ? "" : $"<p><a href=\"{E(formUrl)}\">Åbn skemaet igen</a></p>")));

    public static PageResult TooLarge() => PageResult.Html(413, Page("For meget tekst",
        "<h1>Formularen er for stor</h1>" +
        $"<p>Formularen var større end {SurveyFormBody.MaxBytes / 1024} KB og blev afvist, før den blev læst. Intet er gemt. " +
        "Gå tilbage, forkort de længste bemærkninger, og prøv igen.</p>"));

    public static PageResult Unreadable(string reason) => PageResult.Html(400, Page("Formularen kunne ikke læses",
        $"<h1>Formularen kunne ikke læses</h1><p>{E(reason)} Intet er gemt.</p>"));

    public static PageResult Unavailable(string contact) => PageResult.Html(503, Page("Skemaet kan ikke vises lige nu",
        "<h1>Skemaet kan ikke vises lige nu</h1>" +
        "<p>Der er en midlertidig fejl hos os. Prøv igen om lidt med det samme link.</p>" +
        $"<p>Fortsætter fejlen, så kontakt {Linked(contact)}.</p>"));

    /// <summary>Storage failed before a posted form could even be read against its cycle: show what was typed, raw, so nothing is lost.</summary>
    public static PageResult UnavailableWhileSaving(string contact, FormFields form)
    {
        var b = new StringBuilder();
        b.Append("<h1>Skemaet blev ikke gemt</h1><div class=\"notice error\" role=\"alert\"><p><strong>Intet er gemt</strong>, fordi vores lager ikke svarer lige nu. ")
            .Append("Gå tilbage i browseren (det, I skrev, står normalt stadig i skemaet) og prøv igen om lidt. ")
            .Append("Her er det, I sendte, så I kan kopiere det:</p></div><ul class=\"svar\">");
        foreach (var (name, value) in form.Pairs.Where(p => p.Value.Length > 0 && (p.Key.StartsWith(SurveyFormRules.ColourPrefix, StringComparison.Ordinal) || p.Key.StartsWith(SurveyFormRules.RemarkPrefix, StringComparison.Ordinal))))
        {
            var label = name.StartsWith(SurveyFormRules.ColourPrefix, StringComparison.Ordinal)
                ? "Farve til " + name[SurveyFormRules.ColourPrefix.Length..]
                : "Bemærkninger til " + name[SurveyFormRules.RemarkPrefix.Length..];
            var shown = RatingNames.TryParseCode(value, out var rating) ? rating.Danish() : value;
            b.Append("<li><p><strong>").Append(E(label)).Append("</strong></p><p style=\"white-space:pre-line\">").Append(E(shown)).Append("</p></li>");
        }

        b.Append("</ul><p>Fortsætter fejlen, så kontakt ").Append(Linked(contact)).Append(".</p>");
        return PageResult.Html(503, Page("Skemaet blev ikke gemt", b.ToString()));
    }

    public static PageResult MissingCatalogue(int year, string contact) => PageResult.Html(500, Page("Skemaet kan ikke vises",
        $"<h1>Skemaet kan ikke vises</h1><p>Årets anbefalinger ({year}) mangler hos os. Kontakt {Linked(contact)}.</p>"));

    /// <summary>Shown after a complete submit (and again for a repeated submit of the same page).</summary>
    public static PageResult Receipt(int year, string jobcentreName, DateTimeOffset submittedAt, DateTimeOffset deadline, string token, Domain.Catalogue catalogue, IReadOnlyList<Answer> answers)
    {
        var b = new StringBuilder();
        b.Append("<div class=\"notice ok\" role=\"status\"><h1>Tak – jeres svar er indsendt</h1>")
            .Append("<p>Fremdriftsskema ").Append(year).Append(" for ").Append(E(jobcentreName)).Append(" blev indsendt ")
            .Append(E(DanishDates.DateAndTime(submittedAt))).Append(".</p></div>");
        b.Append("<p>I kan rette svaret og indsende igen indtil ").Append(E(DanishDates.DateAndTime(deadline))).Append(". ")
            .Append("<a href=\"").Append(E(token)).Append("\">Ret jeres svar</a></p>");
        b.Append("<h2>Jeres svar</h2>");
        AppendAnswers(b, catalogue, answers);
        return PageResult.Html(200, Page($"Indsendt – fremdriftsskema {year}", b.ToString()));
    }

    private static void AppendAnswers(StringBuilder b, Domain.Catalogue? catalogue, IReadOnlyList<Answer> answers)
    {
        b.Append("<ul class=\"svar\">");
        foreach (var a in answers)
        {
            var r = catalogue?.Find(a.RecommendationId);
            b.Append("<li><p><strong>").Append(E(a.RecommendationId)).Append("</strong>");
            if (r is not null)
            {
                b.Append(' ').Append(E(r.Text.Length > 140 ? r.Text[..140] + "…" : r.Text));
            }

            b.Append("</p><p>Farve: ").Append(a.Rating is { } rating ? rating.Danish() : "ikke valgt").Append("</p>");
            if (a.Remark.Length > 0)
            {
                b.Append("<p style=\"white-space:pre-line\">Bemærkninger: ").Append(E(a.Remark)).Append("</p>");
            }

            b.Append("</li>");
        }

        b.Append("</ul>");
    }
}
