using System.Globalization;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Mail;
using Fremdrift.Shared.MailTexts.Views;
using Fremdrift.Shared.Survey;
using Fremdrift.Shared.Web;

namespace Fremdrift.Shared.MailTexts;

/// <summary>
/// Builds the mails whose texts the secretariat edits: the values of the placeholders from what the mail is about,
/// and the message from the year's text (or today's default). Used at send time and by the editor's preview, so the
/// preview shows what the chief will get.
/// </summary>
internal static class MailTextMails
{
    /// <summary>
    /// The values every mail to a chief has: who, which year, the contact; and, for a mail about the open cycle, the
    /// deadline and the whole days left from <paramref name="now"/> (Copenhagen dates).
    /// </summary>
    public static Dictionary<string, string> ChiefValues(Jobcentre jobcentre, int year, string contact, DateTimeOffset? deadline = null, DateTimeOffset? now = null)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["jobcenter"] = jobcentre.Name,
            ["kommune"] = jobcentre.Municipality,
            ["chef"] = string.IsNullOrWhiteSpace(jobcentre.ChiefName) ? "jobcenterchef" : jobcentre.ChiefName,
            ["år"] = year.ToString(CultureInfo.InvariantCulture),
            ["kontakt"] = contact,
        };
        if (deadline is { } d)
        {
            values["svarfrist"] = DanishDates.DateAndTime(d);
            values["svarfrist_dato"] = DanishDates.Date(d);
            values["dage_tilbage"] = Math.Max(0, DanishDates.DateOf(d).DayNumber - DanishDates.DateOf(now ?? d).DayNumber).ToString(CultureInfo.InvariantCulture);
        }

        return values;
    }

    /// <summary>
    /// The reminder's computed part: <c>{status}</c> says where the jobcentre is (no draft saved yet; a draft ready to
    /// submit; a draft with what is missing), <c>{mangler}</c> lists what still stands between the draft and "Indsend".
    /// A form that was only looked at counts as not started: a link scanner looks too.
    /// </summary>
    public static (string Status, IReadOnlyList<string> Missing) ReminderStatus(ReminderState state)
    {
        if (state.DraftSavedAt is not { } saved)
        {
            return ("Der er ikke gemt noget i skemaet endnu. Det tager typisk en halv time: alle anbefalinger skal have en status (Grøn, Gul eller Rød; KAN-anbefalinger også Ikke relevant), og I kan gemme en kladde undervejs.", []);
        }

        if (state.StillRequired.Count == 0)
        {
            return ($"I gemte en kladde {DanishDates.DateAndTime(saved)}, og den er klar: alle anbefalinger har en status. Der mangler kun, at I åbner skemaet og trykker \"Indsend\".", []);
        }

        var count = state.StillRequired.Count == 1 ? "1 anbefaling" : $"{state.StillRequired.Count} anbefalinger";
        return ($"I gemte en kladde {DanishDates.DateAndTime(saved)}; den er bevaret. Før skemaet kan indsendes, mangler {count}:",
            state.StillRequired.Select(r => $"{r.RecommendationId}: {r.What}").ToList());
    }

    /// <summary>A mail to a chief from the year's text, tagged with year, jobcentre and step like every survey mail.</summary>
    public static MailMessage ToChief(MailTextKind kind, MailText text, SurveyMailContext c, DateTimeOffset now, ReminderState? reminder = null)
    {
        var values = ChiefValues(c.Jobcentre, c.Year, c.SecretariatContact, c.Deadline, now);
        IReadOnlyList<string> missing = [];
        if (reminder is not null)
        {
            (values["status"], missing) = ReminderStatus(reminder);
        }

        var rendered = MailTemplate.Render(kind, text, new MailTextValues(values, c.Link, missing));
        var tags = new Dictionary<string, string>
        {
            ["year"] = c.Year.ToString(CultureInfo.InvariantCulture),
            ["jobcentre"] = c.Jobcentre.MunicipalityCode.ToString(CultureInfo.InvariantCulture),
            ["step"] = c.Step,
        };
        var toName = string.IsNullOrWhiteSpace(c.Jobcentre.ChiefName) ? c.Jobcentre.Name : $"{c.Jobcentre.ChiefName}, {c.Jobcentre.Name}";
        return new MailMessage(c.Jobcentre.ChiefEmail, toName, rendered.Subject, Html(rendered), rendered.ToPlainText(), [], tags);
    }

    /// <summary>The HTML part of a rendered text: the mail frame around its blocks.</summary>
    public static string Html(RenderedMail rendered) => HtmlViewRenderer.Render<TextMail, RenderedMail>(rendered);
}
