using System.Globalization;
using System.Text;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Mail;

namespace Fremdrift.Shared.Survey;

/// <summary>One thing that stops a draft from being submitted, named by the id the form shows (e.g. "V3").</summary>
public sealed record RequiredItem(string RecommendationId, string What);

/// <summary>Where a jobcentre is when a reminder goes out.</summary>
public sealed record ReminderState(bool Opened, DateTimeOffset? DraftSavedAt, IReadOnlyList<RequiredItem> StillRequired);

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
            "I kan gemme en kladde og vende tilbage, og I kan rette jeres svar, indtil svarfristen udløber. Linket er personligt for jeres jobcenter; del det kun med kolleger, der hjælper med svaret.");
    }

    /// <summary>
    /// A reminder that describes where the jobcentre really is: not opened, opened without a draft, or a draft
    /// saved on a given day; with a draft it lists only what still stands between the draft and "Indsend"
    /// (<paramref name="state"/>.StillRequired, the form's own submit rules), by the ids the form shows.
    /// </summary>
    public static MailMessage Reminder(SurveyMailContext c, ReminderState state)
    {
        var subject = $"Påmindelse: fremdriftsskema {c.Year} senest {DanishDates.Date(c.Deadline)}";
        var paragraphs = new List<string>
        {
            $"Vi har endnu ikke modtaget {c.Jobcentre.Name}s fremdriftsskema for {c.Year}. Svarfristen er {DanishDates.DateAndTime(c.Deadline)}.",
        };
        IReadOnlyList<string>? list = null;
        if (state.DraftSavedAt is { } saved)
        {
            if (state.StillRequired.Count == 0)
            {
                paragraphs.Add($"I gemte en kladde {DanishDates.DateAndTime(saved)}, og den er klar: alle anbefalinger har en status. Der mangler kun, at I åbner skemaet og trykker \"Indsend\".");
            }
            else
            {
                paragraphs.Add($"I gemte en kladde {DanishDates.DateAndTime(saved)}; den er bevaret. Før skemaet kan indsendes, mangler {Count(state.StillRequired.Count)}:");
                list = state.StillRequired.Select(r => $"{r.RecommendationId}: {r.What}").ToList();
            }
        }
        else
        {
            paragraphs.Add(state.Opened
                ? "I har åbnet skemaet, men der er ikke gemt noget endnu. Alle anbefalinger skal have en status (Grøn, Gul eller Rød; KAN-anbefalinger også Ikke relevant), før skemaet kan indsendes."
                : "Skemaet er ikke åbnet endnu. Det tager typisk en halv time: alle anbefalinger skal have en status (Grøn, Gul eller Rød; KAN-anbefalinger også Ikke relevant), og I kan gemme en kladde undervejs.");
        }

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
        html.Append("<!DOCTYPE html><html lang=\"da\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").Append(H(subject)).Append("</title></head>")
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
            .Append("<p>").Append(Web.HtmlLayout.Linked(contact, H)).Append("</p>")
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
}
