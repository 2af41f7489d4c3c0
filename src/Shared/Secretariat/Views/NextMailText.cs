using System.Globalization;
using Fremdrift.Shared.Cycle;
using Fremdrift.Shared.Danish;

namespace Fremdrift.Shared.Secretariat.Views;

/// <summary>The status page's "Næste mail" column: the decider's <see cref="NextMail"/> in Danish.</summary>
internal static class NextMailText
{
    public static string Of(NextMail next) => next switch
    {
        NextMail.NoCycle => "Ingen opfølgning oprettet.",
        NextMail.WaitsForOpening w => $"Invitationen sendes, når opfølgningen åbner {DanishDates.DateAndTime(w.OpensAt)}.",
        NextMail.ClosedWithAnswer => "Opfølgningen er lukket; svaret er med i bilaget.",
        NextMail.ClosedWithoutAnswer => "Opfølgningen er lukket uden svar.",
        NextMail.Inactive => "Jobcentret er ikke aktivt.",
        NextMail.Submitted => "Har indsendt; får ikke flere påmindelser.",
        NextMail.NoAddress => "Sendes ikke: jobcentret har ingen e-mailadresse. Ret kontakten.",
        NextMail.Bounced => "Sendes ikke: adressen er afvist af modtagerens mailserver. Ret kontakten.",
        NextMail.InvitationNow => "Invitationen sendes nu.",
        NextMail.InvitationRetry r => $"Invitationen prøves igen {When(r.At)}.",
        NextMail.InvitationFailed => "Sendes ikke: invitationen kom ikke af sted (se udsendelsesloggen). Udsted et nyt link.",
        NextMail.ReopenNoticeNow => "Besked om, at opfølgningen er åbnet igen, sendes nu.",
        NextMail.DeadlineNoticeNow => "Besked om den nye svarfrist sendes nu.",
        NextMail.ManualReminderNow m => $"Påmindelse (manuel nr. {m.Number}) sendes nu.",
        NextMail.ManualReminderWaits m => $"Påmindelse (manuel nr. {m.Number}) venter til {DanishDates.DateAndTime(m.Until)} (mindst {Hours(m.Gap)} timer mellem to mails).",
        NextMail.MaxReminders m => $"Har fået det højeste antal påmindelser ({m.Max}).",
        NextMail.NoReminderDueYet n => Next(n.Next),
        NextMail.ReminderNow r => $"Påmindelse {r.Round} sendes nu.",
        NextMail.ReminderRetryNow r => $"Påmindelse {r.Round} prøves igen nu.",
        NextMail.ReminderRetry r => $"Påmindelse {r.Round} prøves igen {When(r.At)}.",
        NextMail.ReminderHad r => $"Har fået påmindelse {r.Round}. {Next(r.Next)}",
        NextMail.LaterRoundHad l => $"Har allerede fået en senere påmindelse. {Next(l.Next)}",
        NextMail.ReminderWaitsForGap r => $"Påmindelse {r.Round} venter til {DanishDates.DateAndTime(r.Until)} (mindst {Hours(r.Gap)} timer mellem to mails).",
        NextMail.ReminderTooLate r => $"Påmindelse {r.Round} sendes ikke: der er under {Hours(r.Gap)} timer siden sidste mail, og svarfristen kommer før.",
        NextMail.InFlight f => $"{MailSteps.Describe(f.Step)} er under afsendelse. Stoppede afsendelsen undervejs, afgøres den {DanishDates.DateAndTime(f.SettledFrom)} eller senere: er mailen kommet frem (skemaet er åbnet eller gemt siden), regnes den for sendt, ellers sendes den igen og kan komme to gange.",
        _ => "",
    };

    private static string Next(DateTimeOffset? at) => at is { } t ? $"Næste påmindelse {DanishDates.DateAndTime(t)}." : "Ingen flere påmindelser før svarfristen.";

    private static string When(DateTimeOffset? at) => at is null ? "senere" : DanishDates.DateAndTime(at.Value);

    private static string Hours(TimeSpan gap) => ((int)gap.TotalHours).ToString(CultureInfo.InvariantCulture);
}
