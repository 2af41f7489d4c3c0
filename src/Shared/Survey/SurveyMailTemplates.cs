using System.Globalization;
using Fremdrift.Shared.Danish;
using Fremdrift.Shared.Domain;
using Fremdrift.Shared.Mail;
using Fremdrift.Shared.MailTexts;
using Fremdrift.Shared.Survey.Views;
using Fremdrift.Shared.Web;

namespace Fremdrift.Shared.Survey;

/// <summary>One thing that stops a draft from being submitted, named by the id the form shows (e.g. "V3").</summary>
internal sealed record RequiredItem(string RecommendationId, string What);

/// <summary>Where a jobcentre is when a reminder goes out.</summary>
internal sealed record ReminderState(bool Opened, DateTimeOffset? DraftSavedAt, IReadOnlyList<RequiredItem> StillRequired);

/// <summary>One submitted answer as the receipt repeats it: the id the form shows, SKAL/KAN, the colour, the remark.</summary>
internal sealed record ReceiptLine(string RecommendationId, Obligation? Obligation, Rating? Rating, string Remark);

/// <summary>What every survey mail says about whom it is for, the deadline, the link and whom to ask.</summary>
internal sealed record SurveyMailContext(Jobcentre Jobcentre, int Year, DateTimeOffset Deadline, string Link, string SecretariatContact, string Step);

/// <summary>
/// The survey's mails. The invitation and the reminders are written from the year's texts, which the secretariat
/// edits (<see cref="MailTextKinds"/>, today's wording as the defaults). The new-link mail keeps its wording here, as
/// HTML (the <see cref="SurveyMail"/> view) and plain text from the same <see cref="SurveyMailBody"/>.
/// </summary>
internal static class SurveyMailTemplates
{
    /// <summary>The invitation from the year's text (<see cref="MailTextKinds.Invitation"/>; today's wording is its default).</summary>
    public static MailMessage Invitation(SurveyMailContext c, MailText text, DateTimeOffset now) =>
        MailTextMails.ToChief(MailTextKinds.Invitation, text, c, now);

    /// <summary>
    /// A reminder from the year's text for its round, which describes where the jobcentre really is through
    /// <c>{status}</c> and <c>{mangler}</c>: no draft yet, or a draft saved on a given day; with a draft it lists only
    /// what still stands between the draft and "Indsend" (<paramref name="state"/>.StillRequired, the form's own submit
    /// rules), by the ids the form shows.
    /// </summary>
    public static MailMessage Reminder(SurveyMailContext c, ReminderState state, MailText text, DateTimeOffset now, int round) =>
        MailTextMails.ToChief(MailTextKinds.Reminders[Math.Clamp(round, 1, MailTextKinds.LastReminderText) - 1], text, c, now, state);

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

    /// <summary>"Svarfristen er flyttet": the new deadline, to a jobcentre that has not submitted (the secretariat chose to tell them).</summary>
    public static MailMessage DeadlineMoved(SurveyMailContext c)
    {
        var subject = $"Ny svarfrist for fremdriftsskema {c.Year}: {DanishDates.Date(c.Deadline)}";
        var paragraphs = new List<string>
        {
            $"Svarfristen for {c.Jobcentre.Name}s fremdriftsskema for {c.Year} er flyttet. Den nye svarfrist er {DanishDates.DateAndTime(c.Deadline)}.",
            "Det, I allerede har gemt, er bevaret.",
        };
        return Build(c, subject, paragraphs, null, "Åbn jeres skema", "Linket er det samme som i invitationen.");
    }

    /// <summary>"Opfølgningen er åbnet igen": the closed cycle is open again with a new deadline, to a jobcentre that had not submitted.</summary>
    public static MailMessage Reopened(SurveyMailContext c)
    {
        var subject = $"Fremdriftsskema {c.Year} er åbnet igen: svar senest {DanishDates.Date(c.Deadline)}";
        var paragraphs = new List<string>
        {
            $"Sekretariatet har åbnet opfølgningen for {c.Year} igen, så {c.Jobcentre.Name} kan nå at indsende sit fremdriftsskema.",
            $"Ny svarfrist: {DanishDates.DateAndTime(c.Deadline)}. Det, I allerede har gemt, er bevaret.",
        };
        return Build(c, subject, paragraphs, null, "Åbn jeres skema", "Linket er det samme som i invitationen.");
    }

    /// <summary>
    /// The receipt of a submit: when it was sent, a copy of every answer (id, colour in words, remark) and the link to
    /// change it until the deadline (a changed submission gets a receipt of its own). After the close the link is
    /// not offered as a way to change anything.
    /// </summary>
    public static MailMessage Receipt(SurveyMailContext c, IReadOnlyList<ReceiptLine> answers, DateTimeOffset submittedAt, bool cycleClosed)
    {
        var subject = $"Kvittering: fremdriftsskema {c.Year} for {c.Jobcentre.Name} er modtaget";
        var paragraphs = new List<string>
        {
            $"Tak. Vi har modtaget {c.Jobcentre.Name}s fremdriftsskema for {c.Year}, indsendt {DanishDates.DateAndTime(submittedAt)}. Her er en kopi af det, I sendte:",
        };
        var list = answers.Select(a =>
            $"{a.RecommendationId}{(a.Obligation is { } o ? (o == Obligation.Skal ? " (SKAL)" : " (KAN)") : "")}: {(a.Rating is { } r ? r.Danish() : "ingen status")}. "
            + (string.IsNullOrWhiteSpace(a.Remark) ? "Ingen bemærkning." : $"Bemærkning: {a.Remark}")).ToList();
        var afterLink = cycleClosed
            ? "Opfølgningen er lukket, så svarene kan ikke længere rettes; de er med i bilaget."
            : $"I kan rette svarene og indsende igen indtil svarfristen {DanishDates.DateAndTime(c.Deadline)}; så får I en ny kvittering. Linket er personligt for jeres jobcenter.";
        return Build(c, subject, paragraphs, list, "Se eller ret jeres svar", afterLink);
    }

    private static MailMessage Build(SurveyMailContext c, string subject, IReadOnlyList<string> paragraphs, IReadOnlyList<string>? list, string linkLabel, string afterLink)
    {
        var greeting = string.IsNullOrWhiteSpace(c.Jobcentre.ChiefName) ? "Kære jobcenterchef" : $"Kære {c.Jobcentre.ChiefName}";
        var forWhom = $"Til: {Join(c.Jobcentre.ChiefName, c.Jobcentre.Name)}";
        var contact = $"Spørgsmål? Kontakt {c.SecretariatContact}.";

        var body = new SurveyMailBody(subject, forWhom, greeting, paragraphs, list, linkLabel, c.Link, afterLink, contact);
        var html = HtmlViewRenderer.Render<SurveyMail, SurveyMailBody>(body);

        var tags = new Dictionary<string, string>
        {
            ["year"] = c.Year.ToString(CultureInfo.InvariantCulture),
            ["jobcentre"] = c.Jobcentre.MunicipalityCode.ToString(CultureInfo.InvariantCulture),
            ["step"] = c.Step,
        };
        return new MailMessage(c.Jobcentre.ChiefEmail, Join(c.Jobcentre.ChiefName, c.Jobcentre.Name), subject, html, body.ToPlainText(), [], tags);
    }

    private static string Join(string name, string place) => string.IsNullOrWhiteSpace(name) ? place : $"{name}, {place}";
}
