using System.Globalization;
using System.Text;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Mail;

namespace Fremdrift.Shared.Survey;

/// <summary>What every survey mail says about whom it is for, the deadline, the link and whom to ask.</summary>
public sealed record SurveyMailContext(Jobcentre Jobcentre, int Year, DateTimeOffset Deadline, string Link, string SecretariatContact, string Step);

/// <summary>
/// The Danish texts of the survey's mails (invitation, reminder, new link), each as HTML and plain text.
/// All wording lives here; names and addresses are HTML-encoded in the HTML part.
/// </summary>
public static class SurveyMailTemplates
{
    public static MailMessage Invitation(SurveyMailContext c)
    {
        var subject = $"Fremdriftsskema {c.Year}: jeres svar senest {DanishDates.Date(c.Deadline)}";
        var paragraphs = new List<string>
        {
            $"KKR Hovedstaden følger hvert år op på anbefalingerne om tværkommunalt samarbejde på beskæftigelsesområdet. Vi beder jer udfylde fremdriftsskemaet for {c.Year} for {c.Jobcentre.Name}: for hver anbefaling en farve (Grøn, Gul eller Rød) og en bemærkning.",
            $"Svarfrist: {DanishDates.DateAndTime(c.Deadline)}.",
        };
        return Build(c, subject, paragraphs, null, "Åbn jeres skema",
            "Du kan gemme en kladde og vende tilbage, og I kan rette jeres svar, indtil svarfristen udløber. Linket er personligt for jeres jobcenter; del det kun med kolleger, der hjælper med svaret.");
    }

    public static MailMessage Reminder(SurveyMailContext c, int round, bool opened, IReadOnlyList<Recommendation> unanswered)
    {
        var subject = $"Påmindelse: fremdriftsskema {c.Year} senest {DanishDates.Date(c.Deadline)}";
        var paragraphs = new List<string>
        {
            $"Vi har endnu ikke modtaget {c.Jobcentre.Name}s fremdriftsskema for {c.Year}. Svarfristen er {DanishDates.DateAndTime(c.Deadline)}.",
            opened
                ? (unanswered.Count == 0
                    ? "Alle anbefalinger har en farve i jeres kladde; der mangler kun, at I trykker \"Indsend\"."
                    : $"I jeres kladde mangler {Count(unanswered.Count)} stadig en farve:")
                : "Skemaet er ikke åbnet endnu. Det, I har gemt i en kladde, er bevaret, hvis I allerede er i gang.",
        };
        var list = opened && unanswered.Count > 0
            ? unanswered.Select(r => $"{r.Id} ({(r.Obligation == Obligation.Skal ? "SKAL" : "KAN")}): {Shorten(r.Text, 110)}").ToList()
            : null;
        _ = round;
        return Build(c, subject, paragraphs, list, "Åbn jeres skema", "Linket er det samme som i invitationen.");
    }

    public static MailMessage NewLink(SurveyMailContext c)
    {
        var subject = $"Nyt link til fremdriftsskema {c.Year}";
        var paragraphs = new List<string>
        {
            $"Sekretariatet har udstedt et nyt personligt link til {c.Jobcentre.Name}s fremdriftsskema for {c.Year}. Det tidligere link virker ikke længere; det, I allerede har gemt eller indsendt, er bevaret.",
            $"Svarfrist: {DanishDates.DateAndTime(c.Deadline)}.",
        };
        return Build(c, subject, paragraphs, null, "Åbn jeres skema med det nye link", "Linket er personligt for jeres jobcenter.");
    }

    private static MailMessage Build(SurveyMailContext c, string subject, IReadOnlyList<string> paragraphs, IReadOnlyList<string>? list, string linkLabel, string afterLink)
    {
        var greeting = string.IsNullOrWhiteSpace(c.Jobcentre.ChiefName) ? "Kære jobcenterchef" : $"Kære {c.Jobcentre.ChiefName}";
        var forWhom = $"Til: {Join(c.Jobcentre.ChiefName, c.Jobcentre.Name)}";
        var contact = $"Spørgsmål? Kontakt {c.SecretariatContact}.";

        var text = new StringBuilder();
        text.Append(forWhom).Append("\n\n").Append(greeting).Append("\n\n");
        foreach (var p in paragraphs)
        {
            text.Append(p).Append("\n\n");
        }

        if (list is not null)
        {
            foreach (var item in list)
            {
                text.Append("- ").Append(item).Append('\n');
            }

            text.Append('\n');
        }

        text.Append(linkLabel).Append(":\n").Append(c.Link).Append("\n\n").Append(afterLink).Append("\n\n").Append(contact)
            .Append("\n\nVenlig hilsen\nKKR Hovedstadens sekretariat\n");

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"da\"><head><meta charset=\"utf-8\"><title>").Append(H(subject)).Append("</title></head>")
            .Append("<body style=\"font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:40em\">")
            .Append("<p style=\"color:#4a4a4a\">").Append(H(forWhom)).Append("</p>")
            .Append("<p>").Append(H(greeting)).Append("</p>");
        foreach (var p in paragraphs)
        {
            html.Append("<p>").Append(H(p)).Append("</p>");
        }

        if (list is not null)
        {
            html.Append("<ul>");
            foreach (var item in list)
            {
                html.Append("<li>").Append(H(item)).Append("</li>");
            }

            html.Append("</ul>");
        }

        html.Append("<p><a href=\"").Append(H(c.Link)).Append("\" style=\"display:inline-block;background:#0b4f8a;color:#ffffff;padding:10px 18px;border-radius:4px;text-decoration:none;font-weight:bold\">")
            .Append(H(linkLabel)).Append("</a></p>")
            .Append("<p style=\"font-size:14px\">Virker knappen ikke, så kopiér adressen: <br>").Append(H(c.Link)).Append("</p>")
            .Append("<p>").Append(H(afterLink)).Append("</p>")
            .Append("<p>").Append(H(contact)).Append("</p>")
            .Append("<p>Venlig hilsen<br>KKR Hovedstadens sekretariat</p></body></html>");

        var tags = new Dictionary<string, string>
        {
            ["year"] = c.Year.ToString(CultureInfo.InvariantCulture),
            ["jobcentre"] = c.Jobcentre.MunicipalityCode.ToString(CultureInfo.InvariantCulture),
            ["step"] = c.Step,
        };
        return new MailMessage(c.Jobcentre.ChiefEmail, Join(c.Jobcentre.ChiefName, c.Jobcentre.Name), subject, html.ToString(), text.ToString(), [], tags);
    }

    private static string Count(int n) => n == 1 ? "1 anbefaling" : $"{n} anbefalinger";

    private static string Join(string name, string place) => string.IsNullOrWhiteSpace(name) ? place : $"{name}, {place}";

    /// <summary>Encodes the five markup characters only, so that æøå stay readable in the mail's source.</summary>
    private static string H(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal).Replace("'", "&#39;", StringComparison.Ordinal);

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";
}
